// The tree hash (RFC 9420 §7.8) with memory. ts-mls 1.6.4 re-encodes and re-hashes every node of the
// tree each time, several times per commit; at 512 members that is ~1,000 encodings (leaf nodes carry
// credentials, capabilities and signatures) per call. ts-mls never mutates a node object (it copies the
// array and replaces what changed), so a subtree's hash is remembered against its node objects: a leaf
// by its LeafNode and index, a parent by its ParentNode (or its index, if blank) together with the
// exact child-hash arrays it was computed from. An unchanged subtree then costs lookups, not hashing.
import type { Hash, RatchetTree } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { leafNodeHashInputEncoder, parentNodeHashInputEncoder } from 'ts-mls/treeHash.js';

interface ParentEntry {
  readonly left: Uint8Array;
  readonly right: Uint8Array;
  readonly hash: Uint8Array;
}

interface Memo {
  readonly leaves: WeakMap<object, Map<number, Uint8Array>>;
  readonly blankLeaves: Map<number, Uint8Array>;
  readonly parents: WeakMap<object, ParentEntry>;
  readonly blankParents: Map<number, ParentEntry>;
}

const memos = new WeakMap<Hash, Memo>();

function memoOf(h: Hash): Memo {
  let m = memos.get(h);
  if (m === undefined) {
    m = { leaves: new WeakMap(), blankLeaves: new Map(), parents: new WeakMap(), blankParents: new Map() };
    memos.set(h, m);
  }
  return m;
}

/** treeHashRoot of ts-mls, same bytes. */
export async function treeHashRoot(tree: RatchetTree, h: Hash): Promise<Uint8Array> {
  return treeHash(tree, (1 << Math.floor(Math.log2(tree.length))) - 1, h, memoOf(h));
}

/** The tree hash of the subtree rooted at node `x` (ts-mls's treeHash). */
export function subtreeHash(tree: RatchetTree, x: number, h: Hash): Promise<Uint8Array> {
  return treeHash(tree, x, h, memoOf(h));
}

async function treeHash(tree: RatchetTree, x: number, h: Hash, memo: Memo): Promise<Uint8Array> {
  if (x % 2 === 0) {
    const n = tree[x];
    if (n?.nodeType === 'parent') throw new Error('tree hash: parent node in leaf position');
    const leafIndex = x / 2;
    const byIndex = n === undefined ? undefined : memo.leaves.get(n.leaf);
    const known = n === undefined ? memo.blankLeaves.get(leafIndex) : byIndex?.get(leafIndex);
    if (known !== undefined) return known;
    const hash = await h.digest(encode(leafNodeHashInputEncoder)({ nodeType: 'leaf', leafIndex, leafNode: n?.leaf }));
    if (n === undefined) memo.blankLeaves.set(leafIndex, hash);
    else if (byIndex === undefined) memo.leaves.set(n.leaf, new Map([[leafIndex, hash]]));
    else byIndex.set(leafIndex, hash);
    return hash;
  }
  const n = tree[x];
  if (n?.nodeType === 'leaf') throw new Error('tree hash: leaf node in parent position');
  let k = 0;
  while (((x >> k) & 1) === 1) k++;
  const left = await treeHash(tree, x - (1 << (k - 1)), h, memo);
  const right = await treeHash(tree, x + (1 << (k - 1)), h, memo);
  const e = n === undefined ? memo.blankParents.get(x) : memo.parents.get(n.parent);
  if (e !== undefined && e.left === left && e.right === right) return e.hash;
  const hash = await h.digest(encode(parentNodeHashInputEncoder)({ nodeType: 'parent', parentNode: n?.parent, leftHash: left, rightHash: right }));
  const entry = { left, right, hash };
  if (n === undefined) memo.blankParents.set(x, entry);
  else memo.parents.set(n.parent, entry);
  return hash;
}
