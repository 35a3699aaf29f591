// tree-validation: every node's tree hash, every node's resolution, parent hashes and the full tree
// check a joiner runs (RFC 9420 §7.8, §7.9, §12.4.3.1), through the engine's cached tree hash
// (tsMls/treeHash.ts) and its corrected validateRatchetTree.
import type { GroupContext } from 'ts-mls';
import { decodeRatchetTree, resolution } from 'ts-mls/ratchetTree.js';
import { toNodeIndex } from 'ts-mls/treemath.js';
import { verifyParentHashes } from '../tsMls/parentHash.ts';
import { subtreeHash, treeHashRoot } from '../tsMls/treeHash.ts';
import { validateRatchetTree } from '../tsMls/validateRatchetTree.ts';
import { decodeAll } from './decode.ts';
import { hex, hexOf } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

export const treeValidation: VectorKind = {
  name: 'tree-validation',
  shape: { object: { cipher_suite: 'uint', tree: 'hex', group_id: 'hex', tree_hashes: { array: 'hex' }, resolutions: { array: { array: 'uint' } } } },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const cs = sc.impl;
      const tree = decodeAll(decodeRatchetTree, hexOf(c, 'tree'));
      if (tree === undefined) return { kind: 'fail', detail: 'tree does not decode' };
      for (const [i, h] of (c.tree_hashes as string[]).entries()) e.bytes(`tree_hashes[${i}]`, await subtreeHash(tree, i, cs.hash), hex(h));
      for (const [i, r] of (c.resolutions as number[][]).entries()) e.equal(`resolutions[${i}]`, resolution(tree, toNodeIndex(i)).join(','), r.join(','));
      e.true('parent hashes verify', await verifyParentHashes(tree, cs.hash));
      const gc: GroupContext = {
        version: 'mls10',
        cipherSuite: sc.params.name,
        groupId: hexOf(c, 'group_id'),
        epoch: 0n,
        treeHash: await treeHashRoot(tree, cs.hash),
        confirmedTranscriptHash: new Uint8Array(0),
        extensions: [],
      };
      const err = await validateRatchetTree(tree, gc, env.ctx.clientConfig, cs);
      e.true(`the tree passes the joiner's checks (${err?.message ?? ''})`, err === undefined);
      return e.outcome();
    }),
};
