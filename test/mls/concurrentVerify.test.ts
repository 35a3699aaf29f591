// The thread-pool signature check answers exactly as the synchronous one: valid, tampered message,
// tampered signature, a key that is not a point, a signature of the wrong length.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concurrentSignature } from '../../sim/mls/tsMls/native/concurrentVerify.ts';
import { nativeEd25519 } from '../../sim/mls/tsMls/native/nativeEd25519.ts';
import { ed25519PublicKey } from '../../sim/mls/tsMls/native/ed25519Keys.ts';

test('concurrent Ed25519 verify agrees with the synchronous verify', async () => {
  const s = nativeEd25519();
  const c = concurrentSignature(s);
  assert.notEqual(c.verify, s.verify);
  const sk = new Uint8Array(32).fill(9);
  const pk = ed25519PublicKey(sk);
  const msg = new TextEncoder().encode('leaf node tbs');
  const sig = await s.sign(sk, msg);
  const flip = (b: Uint8Array, i: number) => {
    const x = b.slice();
    x[i]! ^= 1;
    return x;
  };
  const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
    [pk, msg, sig],
    [pk, flip(msg, 0), sig],
    [pk, msg, flip(sig, 5)],
    [flip(pk, 31), msg, sig],
    [new Uint8Array(31), msg, sig],
    [pk, msg, sig.subarray(0, 63)],
  ];
  const together = await Promise.all(cases.map(([k, m, g]) => c.verify(k, m, g)));
  const one = await Promise.all(cases.map(([k, m, g]) => s.verify(k, m, g)));
  assert.deepEqual(together, one);
  assert.deepEqual(together.slice(0, 3), [true, false, false]);
});

test('a scheme without a concurrent verify is returned as it is', () => {
  const plain = { sign: async () => new Uint8Array(), verify: async () => true, keygen: async () => ({ signKey: new Uint8Array(), publicKey: new Uint8Array() }) };
  assert.equal(concurrentSignature(plain), plain);
});
