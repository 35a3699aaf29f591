// HMAC-SHA256, HKDF-SHA256 and SHA-512 as primitives.ts composes them from node's one-shot hash,
// against node's own createHmac, hkdfSync and createHash: the same bytes for every length that
// occurs (and the long-key, long-message and old-node fallbacks' edges).
import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { test } from 'node:test';
import { hkdf, hmacSha256, sha512 } from '../../sim/signal/primitives.ts';
import { seededBytes } from './helpers.ts';

test('hmacSha256 is HMAC-SHA256 for keys of 0..80 bytes and messages of 0..1100 bytes', () => {
  const rnd = seededBytes('hmac');
  for (const keyLength of [0, 1, 31, 32, 33, 63, 64, 65, 80])
    for (const dataLength of [0, 1, 2, 31, 32, 33, 64, 100, 1023, 1024, 1025, 1100]) {
      const key = rnd(keyLength);
      const data = rnd(dataLength);
      assert.deepEqual(Buffer.from(hmacSha256(key, data)), createHmac('sha256', key).update(data).digest(), `key ${keyLength} B, data ${dataLength} B`);
    }
  // The output is a value of its own: a later call does not change it.
  const a = hmacSha256(rnd(32), Uint8Array.of(1));
  const copy = Uint8Array.from(a);
  hmacSha256(rnd(32), Uint8Array.of(2));
  assert.deepEqual(Uint8Array.from(a), copy);
});

test('hkdf is HKDF-SHA256 (RFC 5869) with and without a salt, for lengths 1..200', () => {
  const rnd = seededBytes('hkdf');
  for (const info of ['', 'WhisperGroup', 'WhisperMessageKeys', 'WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024'])
    for (const length of [1, 16, 31, 32, 33, 48, 64, 80, 96, 200])
      for (const ikmLength of [0, 32, 192, 1500]) {
        const ikm = rnd(ikmLength);
        const salt = rnd(32);
        assert.deepEqual(Buffer.from(hkdf(ikm, salt, info, length)), Buffer.from(hkdfSync('sha256', ikm, salt, info, length)), `${info} ${length} B, salt`);
        assert.deepEqual(Buffer.from(hkdf(ikm, undefined, info, length)), Buffer.from(hkdfSync('sha256', ikm, new Uint8Array(32), info, length)), `${info} ${length} B, no salt`);
      }
});

test('sha512 of one or several parts is SHA-512 of their concatenation', () => {
  const rnd = seededBytes('sha512');
  const parts = [rnd(32), rnd(0), rnd(100)];
  assert.deepEqual(Buffer.from(sha512(...parts)), createHash('sha512').update(Buffer.concat(parts)).digest());
  assert.deepEqual(Buffer.from(sha512(parts[2]!)), createHash('sha512').update(parts[2]!).digest());
});
