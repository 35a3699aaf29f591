import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { consistencyProof, hashLeaf, inclusionProof, merkleLogOf, merkleTreeHash, rootHash, verifyConsistency, verifyInclusion } from '../../../sim/identity/kt/index.ts';
import { flip } from './helpers.ts';

// Trees of 1..70 random, distinct entries (the index is part of each entry: with two equal leaves, one
// leaf's proof honestly verifies at the other's position). `size: 'max'`: fast-check's default size
// would cap the arrays at about 12 whatever maxLength says.
const tree = fc
  .array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 70, size: 'max' })
  .map((xs) => xs.map((x, i) => Uint8Array.of(i, ...x)));
const params = { numRuns: 40, seed: 9162 };
/** The whole tree and one random prefix of it. */
const sizesOf = (es: readonly Uint8Array[], pick: number) => [...new Set([es.length, 1 + (pick % es.length)])];

test('property: the log root is the RFC 9162 MTH of the entries, for every prefix', () => {
  fc.assert(
    fc.property(tree, (es) => {
      const log = merkleLogOf(es);
      for (let n = 0; n <= es.length; n++) assert.deepEqual(rootHash(log, n), merkleTreeHash(es.slice(0, n)));
    }),
    params,
  );
});

test('property: every inclusion proof verifies, for every leaf; a tampered proof, root, leaf or index never does (sizes: see merkle.test.ts)', () => {
  fc.assert(
    fc.property(tree, fc.nat(), fc.nat(), (es, pick, bit) => {
      const log = merkleLogOf(es);
      for (const n of sizesOf(es, pick)) {
        const root = rootHash(log, n);
        for (let i = 0; i < n; i++) {
          const p = inclusionProof(log, i, n);
          const leaf = hashLeaf(es[i]!);
          assert.equal(verifyInclusion(leaf, p, root), true, `${i}/${n}`);
          assert.equal(verifyInclusion(leaf, p, flip(root, pick % 32, bit % 8)), false, 'root');
          if (n === 1) continue;
          assert.equal(verifyInclusion(hashLeaf(es[(i + 1) % n]!), p, root), false, 'another leaf');
          assert.equal(verifyInclusion(leaf, { ...p, leafIndex: (i + 1 + (pick % (n - 1))) % n }, root), false, 'another index');
          const j = pick % p.path.length;
          assert.equal(verifyInclusion(leaf, { ...p, path: p.path.map((h, k) => (k === j ? flip(h, bit % 32, pick % 8) : h)) }, root), false, 'flipped');
          assert.equal(verifyInclusion(leaf, { ...p, path: p.path.slice(1) }, root), false, 'shortened');
          assert.equal(verifyInclusion(leaf, { ...p, path: [...p.path, root] }, root), false, 'lengthened');
        }
      }
    }),
    params,
  );
});

test('property: every consistency proof between any m <= n verifies; tampered proofs or roots fail (sizes: see merkle.test.ts)', () => {
  fc.assert(
    fc.property(tree, fc.nat(), fc.nat(), (es, pick, bit) => {
      const log = merkleLogOf(es);
      const roots = Array.from({ length: es.length + 1 }, (_, n) => rootHash(log, n));
      for (const n of sizesOf(es, pick)) {
        for (let m = 0; m <= n; m++) {
          const p = consistencyProof(log, m, n);
          const [r1, r2] = [roots[m]!, roots[n]!];
          assert.equal(verifyConsistency(r1, r2, p), true, `${m}->${n}`);
          if (m === 0 || m === n) continue;
          assert.equal(verifyConsistency(flip(r1, pick % 32, bit % 8), r2, p), false, 'first root');
          assert.equal(verifyConsistency(r1, flip(r2, bit % 32, pick % 8), p), false, 'second root');
          const j = pick % p.path.length;
          assert.equal(verifyConsistency(r1, r2, { ...p, path: p.path.map((h, k) => (k === j ? flip(h, bit % 32) : h)) }), false, 'flipped');
          assert.equal(verifyConsistency(r1, r2, { ...p, path: p.path.slice(0, -1) }), false, 'truncated');
          assert.equal(verifyConsistency(r1, r2, { ...p, path: [...p.path, r2] }), false, 'lengthened');
        }
      }
    }),
    params,
  );
});

test('property: a rewritten history is never consistent with the original', () => {
  fc.assert(
    fc.property(tree, fc.nat(), fc.nat(), (es, at, grow) => {
      const m = 1 + (at % es.length);
      const i = at % m; // rewrite an entry inside the first m
      const rewritten = es.map((e, k) => (k === i ? Uint8Array.of(...e, 0xff) : e));
      const forged = merkleLogOf([...rewritten, ...Array.from({ length: grow % 5 }, (_, k) => Uint8Array.of(0xee, k))]);
      const n = forged.size;
      const honestRoot = rootHash(merkleLogOf(es), m);
      assert.equal(verifyConsistency(honestRoot, rootHash(forged, n), consistencyProof(forged, m, n)), false);
    }),
    params,
  );
});
