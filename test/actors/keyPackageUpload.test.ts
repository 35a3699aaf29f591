import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { frameAll } from '../../sim/actors/framing.ts';
import { KeyPackageDirectory } from '../../sim/actors/keyPackageDirectory.ts';
import { packUpload, unpackUpload } from '../../sim/actors/keyPackageUpload.ts';
import { nodeId } from '../../sim/core/index.ts';
import { completePayload } from '../../sim/net/index.ts';

/** A part whose final bytes are `final`, unbuilt (zeros) until completed; counts its completions. */
function lazyPart(final: number[]) {
  const part = { built: 0, bytes: new Uint8Array(final.length), complete: (into: Uint8Array) => void (part.built++, into.set(final)) };
  return part;
}

test('an upload is its parts framed, in order; read back, its parts are views of its bytes', () => {
  const parts = [{ bytes: Uint8Array.of(1, 2, 3) }, { bytes: Uint8Array.of(4) }, { bytes: Uint8Array.of(5, 6) }];
  const upload = packUpload(parts);
  assert.deepEqual([...upload], [...frameAll(parts.map((p) => p.bytes))]);
  const got = unpackUpload(upload)!;
  assert.deepEqual(got.map((b) => [...b]), [[1, 2, 3], [4], [5, 6]]);
  for (const g of got) assert.equal(g.buffer, upload.buffer);
  // A copy (an altered or replayed upload) is read from its bytes.
  assert.deepEqual(unpackUpload(upload.slice())!.map((b) => [...b]), [[1, 2, 3], [4], [5, 6]]);
  assert.deepEqual(unpackUpload(new Uint8Array(0)), []);
});

test('uploads of any parts frame as frameAll does, each its own bytes though they share slabs', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.uint8Array({ minLength: 1, maxLength: 600 }), { maxLength: 6 }), { minLength: 1, maxLength: 40 }), (uploads) => {
      const made = uploads.map((parts) => packUpload(parts.map((bytes) => ({ bytes }))));
      made.forEach((upload, k) => {
        const parts = uploads[k]!;
        assert.deepEqual([...upload], [...frameAll(parts)]);
        assert.deepEqual(unpackUpload(upload)!.map((p) => [...p]), parts.map((p) => [...p]));
      });
    }),
    { numRuns: 60 },
  );
  // One larger than a slab's share is an array of its own, framed the same.
  const big = [new Uint8Array(40_000).fill(3), Uint8Array.of(1)];
  assert.deepEqual([...packUpload(big.map((bytes) => ({ bytes })))], [...frameAll(big)]);
});

test('bytes that are not a framed list are no upload', () => {
  assert.equal(unpackUpload(Uint8Array.of(0, 0, 0, 9, 1)), undefined, 'truncated body');
  assert.equal(unpackUpload(Uint8Array.of(0, 0)), undefined, 'truncated length');
});

test('a part completed by the directory is completed inside the upload, once, and only that part', () => {
  const a = lazyPart([7, 7]);
  const b = lazyPart([8, 8, 8]);
  const upload = packUpload([a, { bytes: Uint8Array.of(1) }, b]);
  assert.deepEqual([...upload], [0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 3, 0, 0, 0], 'sent unbuilt');
  const [pa, , pb] = unpackUpload(upload)!;
  const dir = new KeyPackageDirectory();
  const dev = nodeId('provA/u0/d0');
  dir.publish(dev, 1, pa!, false);
  dir.publish(dev, 1, pb!, true);
  assert.deepEqual(dir.claim(dev, 1), { kind: 'fresh', keyPackage: Uint8Array.of(7, 7) });
  assert.deepEqual([a.built, b.built], [1, 0]);
  assert.deepEqual([...upload], [0, 0, 0, 2, 7, 7, 0, 0, 0, 1, 1, 0, 0, 0, 3, 0, 0, 0], 'the claimed part, in place');
  assert.equal(dir.publishedBy(dev), 2);
  assert.equal(dir.publishedBy(nodeId('provA/u1/d0')), 0);
});

test('whoever reads the whole upload (a tap, a link interceptor) reads every part built, each built once', () => {
  const a = lazyPart([7, 7]);
  const b = lazyPart([8]);
  const upload = packUpload([a, b]);
  completePayload(unpackUpload(upload)![1]!);
  assert.equal(completePayload(upload), upload);
  assert.deepEqual([...upload], [0, 0, 0, 2, 7, 7, 0, 0, 0, 1, 8]);
  completePayload(upload);
  completePayload(unpackUpload(upload)![0]!);
  assert.deepEqual([a.built, b.built], [1, 1]);
});

test('parts of many uploads in one slab are completed each on its own, and so is each whole upload', () => {
  const lazy = Array.from({ length: 30 }, (_, u) => [lazyPart([u, 1]), lazyPart([u, 2, 2])]);
  const uploads = lazy.map(([a, b]) => packUpload([a!, { bytes: Uint8Array.of(9) }, b!]));
  // Claim the first part of every third upload, read every fifth upload whole.
  for (let u = 0; u < uploads.length; u += 3) completePayload(unpackUpload(uploads[u]!)![0]!);
  for (let u = 0; u < uploads.length; u += 5) completePayload(uploads[u]!);
  uploads.forEach((upload, u) => {
    const [a, b] = lazy[u]!;
    const whole = u % 5 === 0;
    assert.deepEqual([a!.built, b!.built], [u % 3 === 0 || whole ? 1 : 0, whole ? 1 : 0], `upload ${u}`);
    const [pa, p9, pb] = unpackUpload(upload)!;
    assert.deepEqual([...pa!], a!.built === 1 ? [u, 1] : [0, 0]);
    assert.deepEqual([...p9!], [9]);
    assert.deepEqual([...pb!], b!.built === 1 ? [u, 2, 2] : [0, 0, 0]);
  });
  for (const upload of uploads) completePayload(upload);
  assert.ok(lazy.every(([a, b]) => a!.built === 1 && b!.built === 1), 'every part built once in all');
});

test('countUpload counts the packages unpackUpload would return, and refuses what it refuses', async () => {
  const { countUpload } = await import('../../sim/actors/keyPackageUpload.ts');
  const upload = packUpload([{ bytes: Uint8Array.of(1, 2, 3) }, { bytes: Uint8Array.of(4) }, { bytes: new Uint8Array(0) }]);
  assert.equal(countUpload(upload), unpackUpload(upload)!.length);
  assert.equal(countUpload(new Uint8Array(0)), 0);
  assert.equal(countUpload(Uint8Array.of(0, 0, 0, 9, 1)), undefined);
  assert.equal(countUpload(Uint8Array.of(0, 0)), undefined);
});

test('after closeUploadSlab the next upload is cut from another buffer (a finished run keeps none)', async () => {
  const { closeUploadSlab } = await import('../../sim/actors/keyPackageUpload.ts');
  const parts = [{ bytes: Uint8Array.of(1, 2) }];
  const a = packUpload(parts);
  const b = packUpload(parts);
  assert.equal(a.buffer, b.buffer, 'uploads share a slab');
  closeUploadSlab();
  const c = packUpload(parts);
  assert.notEqual(c.buffer, a.buffer);
  assert.deepEqual([...c], [...a]);
});

test('minted KeyPackages pack as their parts would: same bytes, the unbuilt ones completed by the shared builder, given each, once', async () => {
  const { packMinted } = await import('../../sim/actors/keyPackageUpload.ts');
  const finals = [[7, 7], [5], [8, 8, 8]];
  const mints = finals.map((f, i) => ({ keyPackage: i === 1 ? Uint8Array.from(f) : new Uint8Array(f.length), built: i === 1, final: f, calls: 0 }));
  const seen: unknown[] = [];
  const upload = packMinted(mints, (into, m) => {
    seen.push(m);
    m.calls++;
    into.set(m.final);
  });
  assert.deepEqual([...upload], [...packUpload(mints.map((m) => ({ bytes: m.keyPackage })))], 'framed as packUpload frames them');
  const [pa, , pc] = unpackUpload(upload)!;
  completePayload(pc!);
  assert.deepEqual(seen, [mints[2]], 'the builder is given the package it completes');
  completePayload(upload);
  completePayload(pa!);
  assert.deepEqual([...upload], [...frameAll(finals.map((f) => Uint8Array.from(f)))], 'every part final in place');
  assert.deepEqual(mints.map((m) => m.calls), [1, 0, 1], 'a built package is never completed; the others once each');
});
