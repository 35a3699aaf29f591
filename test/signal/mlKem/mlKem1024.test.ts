// The project's ML-KEM-1024 against @noble/post-quantum's, an independent implementation of FIPS 203:
// the same keys, ciphertexts and shared secrets byte for byte, implicit rejection included, and the
// input checks of FIPS 203 §7.2 and §7.3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { decapsulate, encapsulate, keygen } from '../../../sim/signal/mlKem/mlKem1024.ts';
import { seededBytes } from '../helpers.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('ML-KEM-1024: keygen, encapsulate and decapsulate give the bytes of @noble/post-quantum (64 seeds)', () => {
  const rnd = seededBytes('ml-kem-1024');
  for (let t = 0; t < 64; t++) {
    const seed = rnd(64);
    const m = rnd(32);
    const ours = keygen(seed);
    const ref = ml_kem1024.keygen(seed);
    assert.equal(hex(ours.publicKey), hex(ref.publicKey), `public key, seed ${t}`);
    assert.equal(hex(ours.secretKey), hex(ref.secretKey), `secret key, seed ${t}`);
    const enc = encapsulate(ours.publicKey, m);
    const refEnc = ml_kem1024.encapsulate(ref.publicKey, m);
    assert.equal(hex(enc.cipherText), hex(refEnc.cipherText), `ciphertext, seed ${t}`);
    assert.equal(hex(enc.sharedSecret), hex(refEnc.sharedSecret), `shared secret, seed ${t}`);
    assert.equal(hex(decapsulate(enc.cipherText, ours.secretKey)), hex(enc.sharedSecret), `decapsulation, seed ${t}`);
    // Implicit rejection (FIPS 203 Algorithm 18): a flipped bit gives J(z || c), as the reference does.
    const tampered = enc.cipherText.slice();
    tampered[(t * 97) % tampered.length]! ^= 1 << t % 8;
    const rejected = decapsulate(tampered, ours.secretKey);
    assert.notEqual(hex(rejected), hex(enc.sharedSecret));
    assert.equal(hex(rejected), hex(ml_kem1024.decapsulate(tampered, ref.secretKey)), `implicit rejection, seed ${t}`);
  }
});

test('ML-KEM-1024: keys failing the modulus or hash check and wrong lengths are refused (FIPS 203 §7.2, §7.3)', () => {
  const rnd = seededBytes('ml-kem-1024-checks');
  const { publicKey, secretKey } = keygen(rnd(64));
  const bad = publicKey.slice();
  bad[0] = 0xff;
  bad[1] = 0x0f; // first coefficient 4095 >= q
  assert.throws(() => encapsulate(bad, rnd(32)), /modulus check/);
  const badSecret = secretKey.slice();
  badSecret[1536 + 1568]! ^= 1; // H(ek) no longer matches ek
  assert.throws(() => decapsulate(new Uint8Array(1568), badSecret), /hash check/);
  assert.throws(() => encapsulate(publicKey.subarray(1), rnd(32)), /1568 bytes/);
  assert.throws(() => encapsulate(publicKey, rnd(31)), /32 bytes/);
  assert.throws(() => decapsulate(new Uint8Array(1567), secretKey), /1568 bytes/);
  assert.throws(() => keygen(rnd(63)), /64 bytes/);
});

test('ML-KEM-1024: decapsulating with the matrix key generation kept gives what sampling it again gives (valid and tampered ciphertexts)', () => {
  const rnd = seededBytes('ml-kem-1024-matrix');
  for (let t = 0; t < 16; t++) {
    const { publicKey, secretKey, matrix } = keygen(rnd(64));
    const enc = encapsulate(publicKey, rnd(32));
    assert.equal(hex(decapsulate(enc.cipherText, secretKey, matrix)), hex(enc.sharedSecret), `decapsulation, seed ${t}`);
    const tampered = enc.cipherText.slice();
    tampered[(t * 131) % tampered.length]! ^= 0x10;
    assert.equal(hex(decapsulate(tampered, secretKey, matrix)), hex(decapsulate(tampered, secretKey)), `implicit rejection, seed ${t}`);
  }
  const { publicKey, secretKey, matrix } = keygen(rnd(64));
  const enc = encapsulate(publicKey, rnd(32));
  assert.throws(() => decapsulate(enc.cipherText, secretKey, matrix.subarray(1)), /matrix must have 4096 entries/);
  // Another key's Â is not this key's: the re-encryption differs and the answer is the implicit rejection.
  assert.notEqual(hex(decapsulate(enc.cipherText, secretKey, keygen(rnd(64)).matrix)), hex(enc.sharedSecret));
});
