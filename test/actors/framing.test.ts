import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { frameAll, frameAllWithViews, unframeAll } from '../../sim/actors/framing.ts';

test('length-prefixed framing round-trips and rejects truncation', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 8 }), (parts) => {
    assert.deepEqual(unframeAll(frameAll(parts)).map((p) => [...p]), parts.map((p) => [...p]));
  }));
  const f = frameAll([new Uint8Array([1, 2, 3])]);
  assert.throws(() => unframeAll(f.subarray(0, f.length - 1)), RangeError);
});

test('framing with views: the same bytes as frameAll, each view the part in place', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (parts) => {
    const { bytes, views } = frameAllWithViews(parts);
    assert.deepEqual(bytes, frameAll(parts));
    assert.deepEqual(views.map((v) => [...v]), unframeAll(bytes).map((p) => [...p]));
    for (const v of views) assert.equal(v.buffer, bytes.buffer);
  }));
});
