// Parent hashes (RFC 9420 §7.9), ported from ts-mls 1.6.4 to use the remembering tree hash
// (treeHash.ts). ts-mls's calculateParentHash copies the whole tree with fresh node objects to drop
// unmerged leaves, then hashes the sibling subtree from scratch, once per node of a path; verifying a
// joiner's tree does that along every leaf's chain. Here the copy keeps every node object that does not
// change, so unchanged subtrees keep their remembered hashes. Same bytes as ts-mls.
import type { Hash, RatchetTree } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { parentHashInputEncoder } from 'ts-mls/parentHash.js';
import { extendRatchetTree, findFirstNonBlankAncestor, stripBlankNodes } from 'ts-mls/ratchetTree.js';
import { leafWidth, left, right, root, toNodeIndex } from 'ts-mls/treemath.js';
import { constantTimeEqual } from 'ts-mls/util/constantTimeCompare.js';
import { subtreeHash } from './treeHash.ts';

/** ts-mls's removeLeaves, keeping the identity of every node it does not change. */
function withoutLeaves(tree: RatchetTree, leaves: readonly number[]): RatchetTree {
  if (leaves.length === 0) return tree;
  const gone = new Set(leaves);
  const copy = tree.slice();
  for (const [i, n] of tree.entries()) {
    if (n === undefined) continue;
    if (n.nodeType === 'leaf') {
      if (gone.has(i / 2)) copy[i] = undefined;
    } else if (n.parent.unmergedLeaves.some((l) => gone.has(l))) {
      copy[i] = { ...n, parent: { ...n.parent, unmergedLeaves: n.parent.unmergedLeaves.filter((l) => !gone.has(l)) } };
    }
  }
  return extendRatchetTree(stripBlankNodes(copy));
}

/** The parent hash a node at `nodeIndex` must carry, and its nearest non-blank ancestor. */
export async function calculateParentHash(tree: RatchetTree, nodeIndex: number, h: Hash): Promise<[Uint8Array, number | undefined]> {
  const rootIndex = root(leafWidth(tree.length));
  if (nodeIndex === rootIndex) return [new Uint8Array(), undefined];
  const parentIndex = findFirstNonBlankAncestor(tree, toNodeIndex(nodeIndex));
  const parentNode = tree[parentIndex];
  if (parentIndex === rootIndex && parentNode === undefined) return [new Uint8Array(), parentIndex];
  if (parentNode === undefined || parentNode.nodeType === 'leaf') throw new Error('parent hash: expected a non-blank parent node');
  const sibling = nodeIndex < parentIndex ? right(parentIndex) : left(parentIndex);
  const originalSiblingTreeHash = await subtreeHash(withoutLeaves(tree, parentNode.parent.unmergedLeaves), sibling, h);
  const input = { encryptionKey: parentNode.parent.hpkePublicKey, parentHash: parentNode.parent.parentHash, originalSiblingTreeHash };
  return [await h.digest(encode(parentHashInputEncoder)(input)), parentIndex];
}

/** RFC 9420 §7.9.2: every non-blank parent node is covered by exactly one parent-hash chain from a leaf. */
export async function verifyParentHashes(tree: RatchetTree, h: Hash): Promise<boolean> {
  const parents = tree.flatMap((n, i) => (n?.nodeType === 'parent' ? [i] : []));
  if (parents.length === 0) return true;
  const coverage = new Map<number, number>();
  const rootIndex = root(leafWidth(tree.length));
  for (let leaf = 0; leaf < tree.length; leaf += 2) {
    if (tree[leaf] === undefined) continue;
    let current = leaf;
    while (current !== rootIndex) {
      const node = tree[current];
      if (node === undefined) break; // ts-mls loops forever here; a chain never lands on a blank node
      const [parentHash, parentIndex] = await calculateParentHash(tree, current, h);
      if (parentIndex === undefined) throw new Error('parent hash: reached the root before the chain ended');
      const expected = node.nodeType === 'parent' ? node.parent.parentHash : node.leaf.leafNodeSource === 'commit' ? node.leaf.parentHash : undefined;
      if (expected === undefined || !constantTimeEqual(parentHash, expected)) break;
      coverage.set(parentIndex, (coverage.get(parentIndex) ?? 0) + 1);
      current = parentIndex;
    }
  }
  return parents.every((p) => coverage.get(p) === 1);
}

