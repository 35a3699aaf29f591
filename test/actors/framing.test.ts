import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { frameAll, unframeAll } from '../../sim/actors/framing.ts';

test('length-prefixed framing round-trips and rejects truncation', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 8 }), (parts) => {
    assert.deepEqual(unframeAll(frameAll(parts)).map((p) => [...p]), parts.map((p) => [...p]));
  }));
  const f = frameAll([new Uint8Array([1, 2, 3])]);
  assert.throws(() => unframeAll(f.subarray(0, f.length - 1)), RangeError);
});

test('framing writes u32 big-endian lengths and reads them from a view at any offset', () => {
  const part = new Uint8Array(0x1_02_03).fill(7);
  const f = frameAll([new Uint8Array([9]), part]);
  assert.deepEqual([...f.subarray(0, 5)], [0, 0, 0, 1, 9]);
  assert.deepEqual([...f.subarray(5, 9)], [0x00, 0x01, 0x02, 0x03]);
  const shifted = new Uint8Array(f.length + 3);
  shifted.set(f, 3);
  const parts = unframeAll(shifted.subarray(3));
  assert.equal(parts.length, 2);
  assert.equal(parts[1]!.length, 0x1_02_03);
});
