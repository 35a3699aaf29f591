// The synchronous HKDF matches RFC 5869 and the WebCrypto HKDF ts-mls would otherwise use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeKdf, makeKdfImpl } from 'ts-mls/crypto/implementation/default/makeKdfImpl.js';
import { nobleKdf } from '../../sim/mls/tsMls/nobleKdf.ts';
import { seededBytes } from './helpers.ts';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

test('RFC 5869 test case 1 (SHA-256)', async () => {
  const kdf = nobleKdf('SHA-256');
  const prk = await kdf.extract(hex('000102030405060708090a0b0c'), hex('0b'.repeat(22)));
  assert.deepEqual(prk, hex('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5'));
  const okm = await kdf.expand(prk, hex('f0f1f2f3f4f5f6f7f8f9'), 42);
  assert.deepEqual(okm, hex('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'));
});

for (const [hash, name] of [['SHA-256', 'HKDF-SHA256'], ['SHA-512', 'HKDF-SHA512']] as const) {
  test(`${hash}: same output as ts-mls's WebCrypto HKDF on MLS-shaped inputs (salt of Nh bytes or empty)`, async () => {
    const ours = nobleKdf(hash);
    const theirs = makeKdfImpl(makeKdf(name));
    assert.equal(ours.size, theirs.size);
    const rnd = seededBytes(hash);
    for (let i = 0; i < 20; i++) {
      const salt = rnd(i % 3 === 0 ? 0 : ours.size);
      const ikm = rnd(1 + i * 3);
      const prk = await ours.extract(salt, ikm);
      assert.deepEqual(prk, await theirs.extract(salt, ikm));
      const info = rnd(i % 20);
      assert.deepEqual(await ours.expand(prk, info, 1 + i * 7), await theirs.expand(prk, info, 1 + i * 7));
    }
  });
}
