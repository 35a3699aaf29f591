// treekem: UpdatePath processing and creation (RFC 9420 §7.4-§7.9, §12.4.2). For each vector path, the
// engine's merge (processCommit.ts applyUpdatePath, with its parent hashes) and tree hash give
// tree_hash_after, and every leaf with private keys decrypts its path secret and reaches the commit
// secret. Then each such leaf sends a path of its own (the engine's createUpdatePath) that every other
// leaf processes to the same commit secret.
import type { CiphersuiteImpl, GroupContext, RatchetTree, UpdatePath } from 'ts-mls';
import { applyUpdatePathSecret } from 'ts-mls/createCommit.js';
import { deriveSecret } from 'ts-mls/crypto/kdf.js';
import { pathToRoot } from 'ts-mls/pathSecrets.js';
import { toPrivateKeyPath, mergePrivateKeyPaths, type PrivateKeyPath } from 'ts-mls/privateKeyPath.js';
import { decodeRatchetTree, getHpkePublicKey } from 'ts-mls/ratchetTree.js';
import { leafToNodeIndex, leafWidth, root, toLeafIndex, toNodeIndex } from 'ts-mls/treemath.js';
import { decodeUpdatePath } from 'ts-mls/updatePath.js';
import { createUpdatePath } from '../tsMls/createUpdatePath.ts';
import { verifyParentHashes } from '../tsMls/parentHash.ts';
import { applyUpdatePath } from '../tsMls/processCommit.ts';
import { treeHashRoot } from '../tsMls/treeHash.ts';
import { decodeAll } from './decode.ts';
import { hex, hexOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations, sameBytes } from './outcome.ts';
import { vectorImpl } from './vectorHpke.ts';
import { withSuite } from './withSuite.ts';

interface LeafPrivate {
  readonly index: number;
  readonly signaturePriv: Uint8Array;
  readonly path: PrivateKeyPath;
}

export const treekem: VectorKind = {
  name: 'treekem',
  shape: {
    object: {
      cipher_suite: 'uint',
      group_id: 'hex',
      epoch: 'uint',
      confirmed_transcript_hash: 'hex',
      ratchet_tree: 'hex',
      leaves_private: {
        array: { object: { index: 'uint', encryption_priv: 'hex', signature_priv: 'hex', path_secrets: { array: { object: { node: 'uint', path_secret: 'hex' } } } } },
      },
      update_paths: { array: { object: { sender: 'uint', update_path: 'hex', path_secrets: { array: 'hex?' }, commit_secret: 'hex', tree_hash_after: 'hex' } } },
    },
  },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const cs = sc.impl;
      const tree = decodeAll(decodeRatchetTree, hexOf(c, 'ratchet_tree'));
      if (tree === undefined) return { kind: 'fail', detail: 'ratchet_tree does not decode' };
      const gc = (treeHash: Uint8Array, epoch: bigint): GroupContext => ({
        version: 'mls10',
        cipherSuite: sc.params.name,
        groupId: hexOf(c, 'group_id'),
        epoch,
        treeHash,
        confirmedTranscriptHash: hexOf(c, 'confirmed_transcript_hash'),
        extensions: [],
      });
      const epoch = BigInt(c.epoch as number);

      // The leaves' private state; each path secret must give the key the tree holds at that node.
      const leaves: LeafPrivate[] = [];
      for (const l of c.leaves_private as VectorCase[]) {
        const index = l.index as number;
        const secrets: Record<number, Uint8Array> = {};
        for (const p of l.path_secrets as VectorCase[]) secrets[p.node as number] = hex(p.path_secret);
        const fromSecrets = await toPrivateKeyPath(secrets, index, cs);
        const path = mergePrivateKeyPaths(fromSecrets, { leafIndex: index, privateKeys: { [leafToNodeIndex(toLeafIndex(index))]: hex(l.encryption_priv) } });
        for (const [node, secret] of Object.entries(secrets)) {
          const n = tree[Number(node)];
          const pub = await cs.hpke.exportPublicKey((await cs.hpke.deriveKeyPair(await deriveSecret(secret, 'node', cs.kdf))).publicKey);
          e.true(`leaf ${index}: path secret of node ${node} gives its public key`, n !== undefined && sameBytes(pub, getHpkePublicKey(n)));
        }
        leaves.push({ index, signaturePriv: hex(l.signature_priv), path });
      }

      for (const [i, u] of (c.update_paths as VectorCase[]).entries()) {
        const sender = u.sender as number;
        const path = decodeAll(decodeUpdatePath, hex(u.update_path));
        if (path === undefined) {
          e.fail(`update_paths[${i}]: does not decode`);
          continue;
        }
        const after = await applyUpdatePath(tree, toLeafIndex(sender), path, cs, false);
        const treeHashAfter = await treeHashRoot(after, cs.hash);
        e.bytes(`update_paths[${i}] tree_hash_after`, treeHashAfter, hex(u.tree_hash_after));
        e.true(`update_paths[${i}]: parent hashes verify after the merge`, await verifyParentHashes(after, cs.hash));
        const expected = u.path_secrets as (string | null)[];
        for (const leaf of leaves) {
          if (leaf.index === sender) continue;
          const got = await receive(after, leaf, sender, path, gc(treeHashAfter, epoch), cs);
          const want = expected[leaf.index];
          if (want !== null && want !== undefined) e.bytes(`update_paths[${i}] leaf ${leaf.index} path secret`, got.pathSecret, hex(want));
          e.bytes(`update_paths[${i}] leaf ${leaf.index} commit_secret`, got.commitSecret, hex(u.commit_secret));
        }
      }

      // Every leaf with keys sends a fresh path; everyone else must reach its commit secret.
      const rnd = vectorImpl(sc, hexOf(c, 'group_id'));
      for (const sender of leaves) {
        const [, ours, secrets] = await createUpdatePath(tree, toLeafIndex(sender.index), gc(await treeHashRoot(tree, cs.hash), epoch), sender.signaturePriv, rnd);
        const rootSecret = secrets.at(-1)?.secret; // bottom-up, the root's last
        if (rootSecret === undefined) continue; // a one-leaf tree: nobody to send to
        const commitSecret = await deriveSecret(rootSecret, 'path', cs.kdf);
        const merged = await applyUpdatePath(tree, toLeafIndex(sender.index), ours, cs, false);
        const context = gc(await treeHashRoot(merged, cs.hash), epoch + 1n);
        for (const leaf of leaves) {
          if (leaf.index === sender.index) continue;
          const got = await receive(merged, leaf, sender.index, ours, context, cs);
          e.bytes(`our path from leaf ${sender.index} at leaf ${leaf.index}: commit secret`, got.commitSecret, commitSecret);
        }
      }
      return e.outcome();
    }),
};

async function receive(
  tree: RatchetTree,
  leaf: LeafPrivate,
  sender: number,
  path: UpdatePath,
  context: GroupContext,
  cs: CiphersuiteImpl,
): Promise<{ pathSecret: Uint8Array; commitSecret: Uint8Array }> {
  const s = await applyUpdatePathSecret(tree, leaf.path, toLeafIndex(sender), context, path, [], cs);
  const secrets = await pathToRoot(tree, toNodeIndex(s.nodeIndex), s.pathSecret, cs.kdf);
  const rootSecret = secrets[root(leafWidth(tree.length))];
  if (rootSecret === undefined) throw new Error('no path secret for the root');
  return { pathSecret: s.pathSecret, commitSecret: await deriveSecret(rootSecret, 'path', cs.kdf) };
}
