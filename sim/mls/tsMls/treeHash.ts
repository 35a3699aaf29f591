// The tree hash (RFC 9420 §7.8) with memory. ts-mls 1.6.4 re-encodes and re-hashes every node of the
// tree each time, several times per commit; at 512 members that is ~1,000 encodings (leaf nodes carry
// credentials, capabilities and signatures) per call. ts-mls never mutates a node object (it copies the
// array and replaces what changed), so a subtree's hash is remembered against its node objects: a leaf
// by its LeafNode and index, a parent by its ParentNode (or its index, if blank) together with the
// exact child-hash arrays it was computed from. An unchanged subtree then costs lookups, not hashing.
import type { Hash, RatchetTree } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { leafNodeHashInputEncoder, parentNodeHashInputEncoder } from 'ts-mls/treeHash.js';
import { syncDigestOf } from './native/nativeHash.ts';
import { leafEncoding, leafHashInput } from './leafEncoding.ts';

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

// The root hash of a tree array, with the node objects it was computed from: a commit asks for the
// same tree's hash several times, and comparing ~2N references is far cheaper than walking the memo.
// Arrays may be changed in place while a path is built, hence the comparison.
const roots = new WeakMap<RatchetTree, { readonly h: Hash; readonly nodes: RatchetTree; readonly hash: Uint8Array }>();
const sameNodes = (a: RatchetTree, b: RatchetTree) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** treeHashRoot of ts-mls, same bytes. */
export async function treeHashRoot(tree: RatchetTree, h: Hash): Promise<Uint8Array> {
  const known = roots.get(tree);
  if (known !== undefined && known.h === h && sameNodes(known.nodes, tree)) return known.hash;
  const hash = await treeHash(tree, (1 << Math.floor(Math.log2(tree.length))) - 1, hasherOf(h), memoOf(h));
  roots.set(tree, { h, nodes: tree.slice(), hash });
  return hash;
}

/** The tree hash of the subtree rooted at node `x` (ts-mls's treeHash). */
export async function subtreeHash(tree: RatchetTree, x: number, h: Hash): Promise<Uint8Array> {
  return treeHash(tree, x, hasherOf(h), memoOf(h));
}

// A subtree is ~2N nodes and most of them are remembered: walking them with an `await` each cost more
// than the hashing (a promise and a microtask per node). So the walk is synchronous wherever it can be:
// remembered nodes always, and every node with the native provider's synchronous digest; only a
// provider whose digest is a promise (ts-mls's stock one) waits, and only for the nodes it hashes.
type Value<T> = T | Promise<T>;
type Hasher = (data: Uint8Array) => Value<Uint8Array>;

function hasherOf(h: Hash): Hasher {
  return syncDigestOf(h) ?? ((data) => h.digest(data));
}

const then = <T, U>(v: Value<T>, f: (t: T) => Value<U>): Value<U> => (v instanceof Promise ? v.then(f) : f(v));

function treeHash(tree: RatchetTree, x: number, digest: Hasher, memo: Memo): Value<Uint8Array> {
  if (x % 2 === 0) {
    const n = tree[x];
    if (n?.nodeType === 'parent') throw new Error('tree hash: parent node in leaf position');
    const leafIndex = x / 2;
    const byIndex = n === undefined ? undefined : memo.leaves.get(n.leaf);
    const known = n === undefined ? memo.blankLeaves.get(leafIndex) : byIndex?.get(leafIndex);
    if (known !== undefined) return known;
    // A leaf that arrived in a tree is hashed from its wire bytes (leafEncoding.ts; the same bytes).
    const wire = n === undefined ? undefined : leafEncoding(n.leaf);
    const input = wire === undefined ? encode(leafNodeHashInputEncoder)({ nodeType: 'leaf', leafIndex, leafNode: n?.leaf }) : leafHashInput(leafIndex, wire);
    return then(digest(input), (hash) => {
      if (n === undefined) memo.blankLeaves.set(leafIndex, hash);
      else if (byIndex === undefined) memo.leaves.set(n.leaf, new Map([[leafIndex, hash]]));
      else byIndex.set(leafIndex, hash);
      return hash;
    });
  }
  const n = tree[x];
  if (n?.nodeType === 'leaf') throw new Error('tree hash: leaf node in parent position');
  let k = 0;
  while (((x >> k) & 1) === 1) k++;
  const half = 1 << (k - 1);
  return then(treeHash(tree, x - half, digest, memo), (left) =>
    then(treeHash(tree, x + half, digest, memo), (right) => {
      const e = n === undefined ? memo.blankParents.get(x) : memo.parents.get(n.parent);
      if (e !== undefined && e.left === left && e.right === right) return e.hash;
      return then(digest(encode(parentNodeHashInputEncoder)({ nodeType: 'parent', parentNode: n?.parent, leftHash: left, rightHash: right })), (hash) => {
        const entry = { left, right, hash };
        if (n === undefined) memo.blankParents.set(x, entry);
        else memo.parents.set(n.parent, entry);
        return hash;
      });
    }),
  );
}
