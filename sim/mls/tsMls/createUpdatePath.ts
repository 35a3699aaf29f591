// ts-mls 1.6.4's createUpdatePath (RFC 9420 §7.5, §7.6), ported to use the remembering tree and
// parent hashes (treeHash.ts, parentHash.ts) and to encode the new GroupContext once for all path
// encryptions instead of once per recipient. Same tree, same UpdatePath bytes.
import type { Capabilities, CiphersuiteImpl, Extension, GroupContext, PrivateKey, RatchetTree, UpdatePath } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { encryptWithLabel } from 'ts-mls/crypto/hpke.js';
import { deriveSecret } from 'ts-mls/crypto/kdf.js';
import { groupContextEncoder } from 'ts-mls/groupContext.js';
import { signLeafNodeCommit } from 'ts-mls/leafNode.js';
import { filteredDirectPathAndCopathResolution, getHpkePublicKey } from 'ts-mls/ratchetTree.js';
import { directPath, leafToNodeIndex, leafWidth, type LeafIndex } from 'ts-mls/treemath.js';
import type { PathSecret } from 'ts-mls/updatePath.js';
import { calculateParentHash } from './parentHash.ts';
import { treeHashRoot } from './treeHash.ts';

/** What a committer may change in its own leaf besides keys (RFC 9420 §12.4.2). */
export interface LeafContent {
  readonly capabilities: Capabilities;
  readonly extensions: readonly Extension[];
}

export async function createUpdatePath(
  originalTree: RatchetTree,
  senderLeafIndex: LeafIndex,
  groupContext: GroupContext,
  signaturePrivateKey: Uint8Array,
  cs: CiphersuiteImpl,
  excludeNodes: readonly number[] = [],
  leaf?: LeafContent,
): Promise<[RatchetTree, UpdatePath, PathSecret[], PrivateKey]> {
  const leafNodeIndex = leafToNodeIndex(senderLeafIndex);
  const original = originalTree[leafNodeIndex];
  if (original === undefined || original.nodeType === 'parent') throw new Error('update path: expected a non-blank leaf node');
  const pathSecret = cs.rng.randomBytes(cs.kdf.size);
  const leafKeypair = await cs.hpke.deriveKeyPair(await deriveSecret(pathSecret, 'node', cs.kdf));
  const fdp = filteredDirectPathAndCopathResolution(senderLeafIndex, originalTree);
  const tree = originalTree.slice();
  for (const n of directPath(leafNodeIndex, leafWidth(tree.length))) tree[n] = undefined;
  // Path secrets up the filtered direct path (§7.4): path_secret[n] = DeriveSecret(path_secret[n-1], "path").
  const excluded = new Set(excludeNodes);
  const secrets: PathSecret[] = [{ secret: pathSecret, nodeIndex: leafNodeIndex, sendTo: [] }];
  for (const { nodeIndex, resolution } of fdp) {
    const secret = await deriveSecret(secrets[0]!.secret, 'path', cs.kdf);
    const { publicKey } = await cs.hpke.deriveKeyPair(await deriveSecret(secret, 'node', cs.kdf));
    tree[nodeIndex] = { nodeType: 'parent', parent: { hpkePublicKey: await cs.hpke.exportPublicKey(publicKey), parentHash: new Uint8Array(), unmergedLeaves: [] } };
    secrets.unshift({ nodeIndex, secret, sendTo: excluded.size === 0 ? resolution : resolution.filter((r) => !excluded.has(r)) });
  }
  // Parent hashes top-down (§7.9): each node's depends on the one above it.
  for (let x = fdp.length - 1; x >= 0; x--) {
    const { nodeIndex } = fdp[x]!;
    const node = tree[nodeIndex];
    if (node?.nodeType !== 'parent') throw new Error('update path: expected a non-blank parent node');
    tree[nodeIndex] = { nodeType: 'parent', parent: { ...node.parent, parentHash: (await calculateParentHash(tree, nodeIndex, cs.hash))[0] } };
  }
  const leafParentHash = await calculateParentHash(tree, leafNodeIndex, cs.hash);
  const leafNode = await signLeafNodeCommit(
    {
      leafNodeSource: 'commit',
      hpkePublicKey: await cs.hpke.exportPublicKey(leafKeypair.publicKey),
      extensions: leaf === undefined ? original.leaf.extensions : [...leaf.extensions],
      capabilities: leaf?.capabilities ?? original.leaf.capabilities,
      credential: original.leaf.credential,
      signaturePublicKey: original.leaf.signaturePublicKey,
      parentHash: leafParentHash[0],
      groupId: groupContext.groupId,
      leafIndex: senderLeafIndex,
    },
    signaturePrivateKey,
    cs.signature,
  );
  tree[leafNodeIndex] = { nodeType: 'leaf', leaf: leafNode };
  const updatedGroupContext = { ...groupContext, treeHash: await treeHashRoot(tree, cs.hash), epoch: groupContext.epoch + 1n };
  const context = encode(groupContextEncoder)(updatedGroupContext);
  // The leaf's own secret is never sent; the rest go root-last, to the old tree's keys (§7.6).
  const pathSecrets = secrets.slice(0, -1).reverse();
  const nodes = await Promise.all(
    pathSecrets.map(async (ps) => ({
      hpkePublicKey: getHpkePublicKey(tree[ps.nodeIndex]!),
      encryptedPathSecret: await Promise.all(
        ps.sendTo.map(async (r) => {
          const { ct, enc } = await encryptWithLabel(await cs.hpke.importPublicKey(getHpkePublicKey(originalTree[r]!)), 'UpdatePathNode', context, ps.secret, cs.hpke);
          return { ciphertext: ct, kemOutput: enc };
        }),
      ),
    })),
  );
  return [tree, { leafNode, nodes }, pathSecrets, leafKeypair.privateKey];
}
