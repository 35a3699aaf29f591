import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { forgetPayloadHash, forgetRecentPayloads, payloadHash } from '../../sim/net/payloadHash.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 32);
const payload = (n: number, len = 40) => new Uint8Array(len).fill(n & 255).map((x, i) => x ^ i);

test('the first 16 bytes of SHA-256, hex, of any payload (views at an offset included)', () => {
  const buffer = new ArrayBuffer(5000);
  for (let n = 0; n < 60; n++) {
    const p = payload(n, 1 + n * 37);
    assert.equal(payloadHash(p), sha(p));
    const view = new Uint8Array(buffer, n * 50, 1 + n);
    view.fill(n);
    assert.equal(payloadHash(view), sha(view));
  }
});

test('a payload asked for again (a fan-out) stays hashed however many others are hashed meanwhile', () => {
  const fanned = payload(1);
  const h = payloadHash(fanned);
  for (let k = 0; k < 5; k++) assert.equal(payloadHash(fanned), h, 'each copy');
  for (let n = 0; n < 100; n++) payloadHash(payload(n + 2));
  fanned[0]! ^= 1; // not done to a sent payload; shows the hash was kept, not computed again
  assert.equal(payloadHash(fanned), h);
  forgetPayloadHash(fanned);
  assert.equal(payloadHash(fanned), sha(fanned), 'forgotten: hashed as it now is');
});

test('a payload hashed once is hashed again when asked for after many others (same bytes, same hash)', () => {
  const once = payload(200);
  const h = payloadHash(once);
  for (let n = 0; n < 100; n++) payloadHash(payload(n + 300));
  assert.equal(payloadHash(once), h);
  const recent = payload(201);
  payloadHash(recent);
  forgetPayloadHash(recent);
  recent[3]! ^= 1;
  assert.equal(payloadHash(recent), sha(recent), 'forgetting clears the ring too');
});

test('the ring of payloads hashed last can be emptied (a run is over): the same hashes after, nothing held', () => {
  const a = Uint8Array.of(1, 2, 3);
  const h = payloadHash(a);
  forgetRecentPayloads();
  assert.equal(payloadHash(a), h);
  assert.equal(payloadHash(Uint8Array.of(1, 2, 3)), h);
});
