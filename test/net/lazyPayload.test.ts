import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { completePayload, deferPayload } from '../../sim/net/lazyPayload.ts';
import { payloadHash } from '../../sim/net/payloadHash.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 32);

test('a deferred payload is completed once, in place, and hashed as it is after completion', () => {
  const payload = new Uint8Array(4);
  let calls = 0;
  deferPayload(payload, () => {
    calls++;
    payload.set([1, 2, 3, 4]);
  });
  assert.equal(payloadHash(payload), sha(new Uint8Array(4))); // sent unbuilt: its hash is of the bytes as sent
  assert.equal(completePayload(payload), payload);
  assert.deepEqual([...payload], [1, 2, 3, 4]);
  assert.equal(payloadHash(payload), sha(Uint8Array.of(1, 2, 3, 4))); // sent again: the real bytes
  completePayload(payload);
  assert.equal(calls, 1);
});

test('any other payload is returned as it is', () => {
  const b = Uint8Array.of(9);
  assert.equal(completePayload(b), b);
  assert.equal(payloadHash(b), sha(b));
});
