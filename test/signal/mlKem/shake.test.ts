// SHAKE128 and SHAKE256 in JavaScript (sim/signal/mlKem/shake.ts) against node:crypto's (OpenSSL),
// byte for byte: inputs from empty to several blocks, outputs across block boundaries, two-part inputs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { shake128Into, shake256Of } from '../../../sim/signal/mlKem/shake.ts';

/** `n` bytes that differ from length to length: SHA-256 in counter mode over the length (deterministic). */
const bytesOf = (n: number): Buffer => {
  const blocks: Buffer[] = [];
  for (let i = 0; 32 * i < n; i++) blocks.push(createHash('sha256').update(`${n}/${i}`).digest());
  return Buffer.concat(blocks).subarray(0, n);
};

const ref = (alg: 'shake128' | 'shake256', length: number, ...parts: Uint8Array[]): Buffer => {
  const h = createHash(alg, { outputLength: length });
  for (const p of parts) h.update(p);
  return h.digest();
};

test('SHAKE128 and SHAKE256 match OpenSSL for inputs and outputs across block boundaries', () => {
  const lengths = [0, 1, 31, 32, 33, 34, 135, 136, 137, 167, 168, 169, 271, 272, 336, 337, 500];
  const outs = [1, 16, 32, 128, 135, 136, 137, 167, 168, 169, 336, 504, 1008];
  for (const n of lengths) {
    const input = bytesOf(n);
    for (const m of outs) {
      assert.deepEqual(Buffer.from(shake128Into(m, input)), ref('shake128', m, input), `shake128 in ${n} out ${m}`);
      assert.deepEqual(Buffer.from(shake256Of(m, input)), ref('shake256', m, input), `shake256 in ${n} out ${m}`);
    }
    const cut = n >> 1;
    assert.deepEqual(Buffer.from(shake256Of(64, input.subarray(0, cut), input.subarray(cut))), ref('shake256', 64, input), `shake256 in two parts, ${n}`);
  }
});

test('FIPS 202 known answers: SHAKE128 and SHAKE256 of the empty string', () => {
  assert.equal(Buffer.from(shake128Into(32, new Uint8Array(0))).toString('hex'), '7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26');
  assert.equal(Buffer.from(shake256Of(32, new Uint8Array(0))).toString('hex'), '46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f');
});

test('shake128Into writes into the array it is given, and a longer output starts with the shorter one', () => {
  const out = new Uint8Array(1008);
  const input = Uint8Array.from({ length: 34 }, (_, i) => i);
  const long = shake128Into(1008, input, out);
  assert.equal(long, out);
  assert.deepEqual(shake128Into(504, input), long.subarray(0, 504));
});
