// tree-operations: applying an Add, Update or Remove proposal to a ratchet tree (RFC 9420 §12.1) with
// the tree operations the engine's commits run, checked by encoding and by the engine's tree hash.
import { decodeProposal } from 'ts-mls/proposal.js';
import { addLeafNode, decodeRatchetTree, encodeRatchetTree, removeLeafNode, updateLeafNode } from 'ts-mls/ratchetTree.js';
import { toLeafIndex } from 'ts-mls/treemath.js';
import { treeHashRoot } from '../tsMls/treeHash.ts';
import { decodeAll } from './decode.ts';
import { hexOf } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { withSuite } from './withSuite.ts';

export const treeOperations: VectorKind = {
  name: 'tree-operations',
  shape: { object: { cipher_suite: 'uint', proposal: 'hex', proposal_sender: 'uint', tree_before: 'hex', tree_after: 'hex', tree_hash_before: 'hex', tree_hash_after: 'hex' } },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const h = sc.impl.hash;
      const before = decodeAll(decodeRatchetTree, hexOf(c, 'tree_before'));
      const proposal = decodeAll(decodeProposal, hexOf(c, 'proposal'));
      if (before === undefined || proposal === undefined) return { kind: 'fail', detail: 'tree_before or proposal does not decode' };
      e.bytes('tree_hash_before', await treeHashRoot(before, h), hexOf(c, 'tree_hash_before'));
      let after;
      switch (proposal.proposalType) {
        case 'add':
          after = addLeafNode(before, proposal.add.keyPackage.leafNode)[0];
          break;
        case 'update':
          after = updateLeafNode(before, proposal.update.leafNode, toLeafIndex(c.proposal_sender as number));
          break;
        case 'remove':
          after = removeLeafNode(before, toLeafIndex(proposal.remove.removed));
          break;
        default:
          return { kind: 'unsupported', detail: `proposal type ${String(proposal.proposalType)} does not change the tree` };
      }
      e.bytes('tree_after', encodeRatchetTree(after), hexOf(c, 'tree_after'));
      e.bytes('tree_hash_after', await treeHashRoot(after, h), hexOf(c, 'tree_hash_after'));
      return e.outcome();
    }),
};
