// The native DHKEM(X25519) against RFC 9180 Appendix A.1 and against @hpke/core's own implementation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { nativeX25519Kem } from '../../sim/mls/tsMls/nativeX25519Kem.ts';
import { nobleHpkeKdf } from '../../sim/mls/tsMls/nobleHpkeKdf.ts';
import { seededBytes } from './helpers.ts';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const u8 = (b: ArrayBuffer) => new Uint8Array(b);

// RFC 9180 A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
const A1 = {
  info: hex('4f6465206f6e2061204772656369616e2055726e'),
  ikmE: hex('7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234'),
  pkEm: hex('37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431'),
  skEm: hex('52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736'),
  ikmR: hex('6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037'),
  pkRm: hex('3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d'),
  skRm: hex('4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8'),
  sharedSecret: hex('fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc'),
  pt: hex('4265617574792069732074727574682c20747275746820626561757479'),
  aad: hex('436f756e742d30'),
  ct: hex('f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a'),
};

test('RFC 9180 A.1.1: DeriveKeyPair, Encap, Decap and the first sealed message', async () => {
  const kem = nativeX25519Kem();
  const e = await kem.deriveKeyPair(A1.ikmE);
  const r = await kem.deriveKeyPair(A1.ikmR);
  assert.deepEqual(u8(await kem.serializePrivateKey(e.privateKey)), A1.skEm);
  assert.deepEqual(u8(await kem.serializePublicKey(e.publicKey)), A1.pkEm);
  assert.deepEqual(u8(await kem.serializePrivateKey(r.privateKey)), A1.skRm);
  assert.deepEqual(u8(await kem.serializePublicKey(r.publicKey)), A1.pkRm);
  const { sharedSecret, enc } = await kem.encap({ recipientPublicKey: r.publicKey, ekm: A1.ikmE });
  assert.deepEqual(u8(enc), A1.pkEm);
  assert.deepEqual(u8(sharedSecret), A1.sharedSecret);
  assert.deepEqual(u8(await kem.decap({ recipientKey: r.privateKey, enc })), A1.sharedSecret);

  const suite = new CipherSuite({ kem, kdf: nobleHpkeKdf(new HkdfSha256()), aead: new Aes128Gcm() });
  const sealed = await suite.seal({ recipientPublicKey: r.publicKey, info: A1.info, ekm: A1.ikmE }, A1.pt, A1.aad);
  assert.deepEqual(u8(sealed.ct), A1.ct);
  assert.deepEqual(u8(await suite.open({ recipientKey: r.privateKey, enc: sealed.enc, info: A1.info }, A1.ct, A1.aad)), A1.pt);
});

test('interoperates with @hpke/core both ways on random keys', async () => {
  const ours = new CipherSuite({ kem: nativeX25519Kem(), kdf: nobleHpkeKdf(new HkdfSha256()), aead: new Aes128Gcm() });
  const theirs = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
  const rnd = seededBytes('kem');
  for (let i = 0; i < 10; i++) {
    const ikm = rnd(32);
    const ekm = rnd(32);
    const info = rnd(i * 5);
    const pt = rnd(1 + i * 11);
    const rOurs = await ours.kem.deriveKeyPair(ikm);
    const rTheirs = await theirs.kem.deriveKeyPair(ikm);
    assert.deepEqual(u8(await ours.kem.serializePublicKey(rOurs.publicKey)), u8(await theirs.kem.serializePublicKey(rTheirs.publicKey)));
    const a = await ours.seal({ recipientPublicKey: rOurs.publicKey, info, ekm }, pt);
    const b = await theirs.seal({ recipientPublicKey: rTheirs.publicKey, info, ekm }, pt);
    assert.deepEqual([u8(a.enc), u8(a.ct)], [u8(b.enc), u8(b.ct)]);
    assert.deepEqual(u8(await theirs.open({ recipientKey: rTheirs.privateKey, enc: a.enc, info }, a.ct)), pt);
    assert.deepEqual(u8(await ours.open({ recipientKey: rOurs.privateKey, enc: b.enc, info }, b.ct)), pt);
  }
});

test('hostile input: wrong-length and low-order keys are refused', async () => {
  const kem = nativeX25519Kem();
  await assert.rejects(kem.deserializePublicKey(new Uint8Array(31)), /public key must be 32 bytes/);
  const r = await kem.deriveKeyPair(new Uint8Array(32));
  // OpenSSL refuses the all-zero output itself; our own check backs it up.
  await assert.rejects(kem.decap({ recipientKey: r.privateKey, enc: new Uint8Array(32) }));
  await assert.rejects(kem.generateKeyPair(), { name: 'EngineBug' });
});
