import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AppendOnlyList,
  appendEntry,
  compactRangeRoot,
  consistencyProof,
  emptyCompactRange,
  emptyMerkleLog,
  emptyRoot,
  extendCompactRange,
  hashChildren,
  hashLeaf,
  inclusionProof,
  leafHashAt,
  merkleLogOf,
  merkleTreeHash,
  rootHash,
  splitPoint,
  subtreeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../sim/identity/kt/index.ts';
import { flip, H, hex, toHex } from './helpers.ts';

// The Certificate Transparency reference tree (transparency-dev/merkle proof/verify_test.go, from the
// RFC 6962 reference implementation; RFC 9162 keeps the same hashing): entries, and the root of every
// prefix of 1..8 of them.
const CT_ENTRIES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Same source; indices here are 0-based (the Go vectors number leaves from 1).
const CT_INCLUSION = [
  { index: 0, size: 8, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, path: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, path: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];
const CT_CONSISTENCY = [
  { first: 1, second: 8, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { first: 6, second: 8, path: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { first: 2, second: 5, path: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { first: 6, second: 7, path: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
];

const entries = (n: number) => Array.from({ length: n }, (_, i) => Uint8Array.of(i, 0xa5, n));

test('RFC 9162 §2.1.1 by hand: empty tree, leaf and node prefixes, the split at the largest power of two', () => {
  assert.equal(toHex(emptyRoot()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const d = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3), Uint8Array.of(4), Uint8Array.of(5)];
  const L = d.map((x) => H([0], x));
  assert.deepEqual(hashLeaf(d[0]!), L[0]);
  assert.deepEqual(hashChildren(L[0]!, L[1]!), H([1], L[0]!, L[1]!));
  const N01 = H([1], L[0]!, L[1]!);
  const N23 = H([1], L[2]!, L[3]!);
  const N0123 = H([1], N01, N23);
  // MTH of 1, 2, 3, 4 and 5 leaves: a lone right-hand leaf is promoted, never paired with a copy.
  const expected = [L[0]!, N01, H([1], N01, L[2]!), N0123, H([1], N0123, L[4]!)];
  for (let n = 1; n <= 5; n++) {
    assert.deepEqual(merkleTreeHash(d.slice(0, n)), expected[n - 1], `MTH of ${n}`);
    assert.deepEqual(rootHash(merkleLogOf(d), n), expected[n - 1], `log root of ${n}`);
  }
  assert.deepEqual(merkleTreeHash([]), emptyRoot());
  assert.deepEqual(rootHash(emptyMerkleLog()), emptyRoot());
  assert.deepEqual([2, 3, 4, 5, 8, 9, 1000].map(splitPoint), [1, 2, 2, 4, 4, 8, 512]);

  // §2.1.3.1 PATH and §2.1.4.1 PROOF worked by hand on these trees.
  const log = merkleLogOf(d);
  assert.deepEqual(inclusionProof(log, 0, 3).path, [L[1], L[2]]);
  assert.deepEqual(inclusionProof(log, 2, 3).path, [N01]);
  assert.deepEqual(inclusionProof(log, 4, 5).path, [N0123]);
  assert.deepEqual(inclusionProof(log, 1, 5).path, [L[0], N23, L[4]]);
  assert.deepEqual(inclusionProof(log, 0, 1).path, []);
  assert.deepEqual(consistencyProof(log, 1, 3).path, [L[1], L[2]]);
  assert.deepEqual(consistencyProof(log, 2, 3).path, [L[2]]); // MTH(D[0:2]) is omitted: the verifier has it
  assert.deepEqual(consistencyProof(log, 3, 5).path, [L[2], L[3], N01, L[4]]);
  assert.deepEqual(consistencyProof(log, 4, 5).path, [L[4]]);
  assert.deepEqual(consistencyProof(log, 5, 5).path, []);
  assert.deepEqual(consistencyProof(log, 0, 5).path, []);
  assert.equal(verifyConsistency(expected[2]!, expected[4]!, consistencyProof(log, 3, 5)), true);
  assert.equal(verifyInclusion(L[1]!, inclusionProof(log, 1, 5), expected[4]!), true);
});

test('the CT reference tree: roots of every prefix, and the published inclusion and consistency proofs', () => {
  const log = merkleLogOf(CT_ENTRIES);
  for (let n = 1; n <= 8; n++) {
    assert.equal(toHex(rootHash(log, n)), CT_ROOTS[n - 1], `root of ${n}`);
    assert.equal(toHex(merkleTreeHash(CT_ENTRIES.slice(0, n))), CT_ROOTS[n - 1]);
  }
  for (const v of CT_INCLUSION) {
    const p = inclusionProof(log, v.index, v.size);
    assert.deepEqual(p.path.map(toHex), v.path, `inclusion ${v.index}/${v.size}`);
    assert.equal(verifyInclusion(hashLeaf(CT_ENTRIES[v.index]!), { leafIndex: v.index, treeSize: v.size, path: v.path.map(hex) }, hex(CT_ROOTS[v.size - 1]!)), true);
  }
  for (const v of CT_CONSISTENCY) {
    const p = consistencyProof(log, v.first, v.second);
    assert.deepEqual(p.path.map(toHex), v.path, `consistency ${v.first}->${v.second}`);
    assert.equal(verifyConsistency(hex(CT_ROOTS[v.first - 1]!), hex(CT_ROOTS[v.second - 1]!), { firstSize: v.first, secondSize: v.second, path: v.path.map(hex) }), true);
  }
});

test('inclusion verification rejects the corruptions transparency-dev probes for', () => {
  const log = merkleLogOf(CT_ENTRIES);
  for (const v of CT_INCLUSION) {
    const leaf = hashLeaf(CT_ENTRIES[v.index]!);
    const root = hex(CT_ROOTS[v.size - 1]!);
    const good = inclusionProof(log, v.index, v.size);
    const bad = (p: Partial<typeof good>, l = leaf, r = root) => verifyInclusion(l, { ...good, ...p }, r);
    assert.equal(bad({}), true);
    for (const leafIndex of [v.index - 1, v.index + 1, v.index ^ 2]) assert.equal(bad({ leafIndex }), false, `index ${leafIndex}`);
    for (const treeSize of [v.size * 2, Math.floor(v.size / 2)]) assert.equal(bad({ treeSize }), false, `size ${treeSize}`);
    assert.equal(bad({}, hashLeaf(Uint8Array.of(9))), false, 'wrong leaf');
    assert.equal(bad({}, leaf, emptyRoot()), false, 'empty root');
    assert.equal(bad({ path: [...good.path, root] }), false, 'trailing root');
    assert.equal(bad({ path: [root, ...good.path] }), false, 'preceding root');
    assert.equal(bad({ path: good.path.slice(0, -1) }), false, 'removed');
    for (let i = 0; i < good.path.length; i++) assert.equal(bad({ path: good.path.map((p, j) => (j === i ? flip(p, 0, 3) : p)) }), false, `bit in ${i}`);
    assert.equal(bad({ path: [...good.path.slice(0, -1), new Uint8Array(31)] }), false, 'short hash');
  }
  // Degenerate sizes never verify; a one-leaf tree's root is its leaf hash with the empty path.
  const some = hashLeaf(Uint8Array.of(1));
  for (const [leafIndex, treeSize] of [[0, 0], [1, 0], [2, 1], [-1, 4], [0.5, 4]] as const) {
    assert.equal(verifyInclusion(some, { leafIndex, treeSize, path: [] }, some), false);
  }
  assert.equal(verifyInclusion(some, { leafIndex: 0, treeSize: 1, path: [] }, some), true);
  assert.equal(verifyInclusion(some, { leafIndex: 0, treeSize: 1, path: [] }, emptyRoot()), false);
});

test('consistency verification rejects the corruptions, and the trivial cases are exact', () => {
  const log = merkleLogOf(CT_ENTRIES);
  const root = (n: number) => rootHash(log, n);
  for (const v of CT_CONSISTENCY) {
    const good = consistencyProof(log, v.first, v.second);
    const [r1, r2] = [root(v.first), root(v.second)];
    const check = (p: Partial<typeof good>, a = r1, b = r2) => verifyConsistency(a, b, { ...good, ...p });
    assert.equal(check({}), true);
    for (const firstSize of [v.first - 1, v.first + 1, v.first ^ 2]) assert.equal(check({ firstSize }), false, `first ${firstSize}`);
    for (const secondSize of [v.second * 2, Math.floor(v.second / 2)]) assert.equal(check({ secondSize }), false, `second ${secondSize}`);
    assert.equal(check({}, flip(r1)), false, 'wrong first root');
    assert.equal(check({}, r1, flip(r2)), false, 'wrong second root');
    assert.equal(check({}, r2, r1), false, 'swapped roots');
    assert.equal(check({ path: [] }), false, 'empty proof');
    for (const extra of [r1, r2]) {
      assert.equal(check({ path: [...good.path, extra] }), false, 'trailing');
      assert.equal(check({ path: [extra, ...good.path] }), false, 'preceding');
    }
    assert.equal(check({ path: [good.path[0]!, ...good.path] }), false, 'preceding proof[0]');
    assert.equal(check({ path: good.path.slice(0, -1) }), false, 'truncated');
    for (let i = 0; i < good.path.length; i++) assert.equal(check({ path: good.path.map((p, j) => (j === i ? flip(p, 0, 4) : p)) }), false, `bit in ${i}`);
  }
  const [r3, r5] = [root(3), root(5)];
  assert.equal(verifyConsistency(r3, r3, { firstSize: 3, secondSize: 3, path: [] }), true);
  assert.equal(verifyConsistency(r3, r5, { firstSize: 3, secondSize: 3, path: [] }), false);
  assert.equal(verifyConsistency(r3, r3, { firstSize: 3, secondSize: 3, path: [r3] }), false);
  assert.equal(verifyConsistency(emptyRoot(), r5, { firstSize: 0, secondSize: 5, path: [] }), true);
  assert.equal(verifyConsistency(r3, r5, { firstSize: 0, secondSize: 5, path: [] }), false);
  assert.equal(verifyConsistency(emptyRoot(), r5, { firstSize: 0, secondSize: 5, path: [r5] }), false);
  assert.equal(verifyConsistency(r5, r3, { firstSize: 5, secondSize: 3, path: consistencyProof(log, 3, 5).path }), false);
});

test('an audit path does not pin the tree size: only the signed head binds size and root together', () => {
  // Leaf 0 of a 3-leaf tree and of a 4-leaf tree sit at the same depth on the left edge, so PATH(0, D[3])
  // also "verifies" as size 4 against the 3-leaf root; likewise PROOF(1, D[3]) as (1, 4). Harmless in
  // RFC 9162 because the STH signs (tree_size, root_hash) together; so the KT verifier and the auditor
  // require the proof's sizes to equal the heads' (tested in kt/verifier.test.ts and kt/auditor.test.ts).
  const es = entries(3);
  const log = merkleLogOf(es);
  const root3 = rootHash(log);
  assert.equal(verifyInclusion(hashLeaf(es[0]!), { ...inclusionProof(log, 0), treeSize: 4 }, root3), true);
  assert.equal(verifyConsistency(rootHash(log, 1), root3, { ...consistencyProof(log, 1), secondSize: 4 }), true);
});

test('generation checks its arguments with one-line errors naming the field', () => {
  const log = merkleLogOf(entries(5));
  assert.throws(() => inclusionProof(log, 5, 5), { name: 'RangeError', message: 'leafIndex: expected below treeSize 5, got 5' });
  assert.throws(() => inclusionProof(log, 0, 6), { name: 'RangeError', message: 'treeSize: expected at most the log size 5, got 6' });
  assert.throws(() => inclusionProof(log, -1), { name: 'RangeError', message: 'leafIndex: expected a non-negative integer, got -1' });
  assert.throws(() => inclusionProof(log, '1' as never), { name: 'TypeError', message: 'leafIndex: expected a number, got "1"' });
  assert.throws(() => consistencyProof(log, 4, 3), { name: 'RangeError', message: 'firstSize: expected at most secondSize 3, got 4' });
  assert.throws(() => subtreeHash(log, 2, 2), { name: 'RangeError', message: 'subtree [2, 2): expected 0 <= from < to <= 5' });
  assert.throws(() => rootHash(log, 6), { name: 'RangeError', message: 'size: expected at most the tree size 5, got 6' });
  assert.throws(() => leafHashAt(log, 5), { name: 'RangeError', message: 'index: expected below the tree size 5, got 5' });
  assert.throws(() => appendEntry(log, 'x' as never), { name: 'TypeError', message: 'entry: expected a Uint8Array, got "x"' });
});

test('a Merkle log is a value: appending leaves older values as they were, and forks share nothing visible', () => {
  const base = merkleLogOf(entries(5));
  const root5 = rootHash(base);
  const a = appendEntry(base, Uint8Array.of(0xaa));
  const b = appendEntry(base, Uint8Array.of(0xbb)); // a fork from the same value
  const a2 = appendEntry(a, Uint8Array.of(0xcc));
  assert.equal(base.size, 5);
  assert.deepEqual(rootHash(base), root5);
  assert.deepEqual(rootHash(a), merkleTreeHash([...entries(5), Uint8Array.of(0xaa)]));
  assert.deepEqual(rootHash(b), merkleTreeHash([...entries(5), Uint8Array.of(0xbb)]));
  assert.deepEqual(rootHash(a2), merkleTreeHash([...entries(5), Uint8Array.of(0xaa), Uint8Array.of(0xcc)]));
  assert.deepEqual(leafHashAt(b, 5), hashLeaf(Uint8Array.of(0xbb)));
  // The list underneath: the newest value extends in place, an older one copies its prefix.
  const l0 = AppendOnlyList.of([1, 2]);
  const l1 = l0.append(3);
  const l2 = l0.append(4);
  assert.deepEqual([l0.slice(), l1.slice(), l2.slice(), l1.append(5).slice()], [[1, 2], [1, 2, 3], [1, 2, 4], [1, 2, 3, 5]]);
  assert.equal(l0.at(2), undefined);
  assert.equal(l1.last(), 3);
});

test('a compact range gives the root of every prefix from O(log n) hashes', () => {
  const es = entries(70);
  const log = merkleLogOf(es);
  let range = emptyCompactRange();
  assert.deepEqual(compactRangeRoot(range), emptyRoot());
  for (let n = 1; n <= es.length; n++) {
    range = extendCompactRange(range, hashLeaf(es[n - 1]!));
    assert.deepEqual(compactRangeRoot(range), rootHash(log, n), `size ${n}`);
    assert.equal(range.peaks.length, n.toString(2).replaceAll('0', '').length);
  }
});
