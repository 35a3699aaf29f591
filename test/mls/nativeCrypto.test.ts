// The native provider (sim/mls/tsMls/native/) against published vectors (RFC 5869, RFC 9180, RFC 8032)
// and against ts-mls's stock provider, piece by piece, on random MLS-shaped inputs.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { getCiphersuiteFromName } from 'ts-mls/crypto/ciphersuite.js';
import { suiteParams } from '../../sim/mls/tsMls/ciphersuites.ts';
import { x25519Kem } from '../../sim/mls/tsMls/native/kem.ts';
import { nativeAead } from '../../sim/mls/tsMls/native/nativeAead.ts';
import { nativeEd25519 } from '../../sim/mls/tsMls/native/nativeEd25519.ts';
import { digest, hmac, nativeKdf } from '../../sim/mls/tsMls/native/nativeHash.ts';
import { nativeHpke } from '../../sim/mls/tsMls/native/nativeHpke.ts';
import { loadSuiteCrypto } from '../../sim/mls/tsMls/suiteCrypto.ts';
import { seededBytes } from './helpers.ts';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

test('HKDF: RFC 5869 test cases 1 and 3 (SHA-256)', async () => {
  const kdf = nativeKdf('SHA-256');
  const prk = await kdf.extract(hex('000102030405060708090a0b0c'), hex('0b'.repeat(22)));
  assert.deepEqual(prk, hex('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5'));
  assert.deepEqual(await kdf.expand(prk, hex('f0f1f2f3f4f5f6f7f8f9'), 42), hex('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'));
  const prk3 = await kdf.extract(new Uint8Array(0), hex('0b'.repeat(22)));
  assert.deepEqual(prk3, hex('19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04'));
  assert.deepEqual(await kdf.expand(prk3, new Uint8Array(0), 42), hex('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8'));
});

// RFC 9180 A.1.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM) and A.2.1 (ChaCha20Poly1305), base mode.
const A1 = {
  info: hex('4f6465206f6e2061204772656369616e2055726e'),
  ikmE: hex('7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234'),
  pkEm: hex('37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431'),
  ikmR: hex('6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037'),
  pkRm: hex('3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d'),
  skRm: hex('4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8'),
  sharedSecret: hex('fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc'),
  pt: hex('4265617574792069732074727574682c20747275746820626561757479'),
  aad: hex('436f756e742d30'),
  ct: hex('f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a'),
  exporterContext: hex('54657374436f6e74657874'), // "TestContext"
  exported: hex('e9e43065102c3836401bed8c3c3c75ae46be1639869391d62c61f1ec7af54931'),
};
const A2 = {
  ikmE: hex('909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b'),
  pkEm: hex('1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a'),
  ikmR: hex('1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df'),
  info: hex('4f6465206f6e2061204772656369616e2055726e'),
  pt: hex('4265617574792069732074727574682c20747275746820626561757479'),
  aad: hex('436f756e742d30'),
  ct: hex('1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28'),
};

test('HMAC as two one-shot hashes equals createHmac for keys shorter, equal and longer than a block', () => {
  const bytes = seededBytes('hmac');
  for (const name of ['sha256', 'sha384', 'sha512'] as const) {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 127, 128, 129, 300]) {
      for (const length of [0, 1, 55, 64, 200, 3000]) {
        const key = bytes(keyLength);
        const a = bytes(length);
        const b = bytes(length >> 1);
        const want = createHmac(name, key).update(a).update(b).digest();
        assert.deepEqual(Buffer.from(hmac(name, key, a, b)), want, `${name} key ${keyLength} text ${length}`);
        assert.deepEqual(Buffer.from(digest(name, a)), createHash(name).update(a).digest());
      }
    }
  }
});

test('HPKE: RFC 9180 A.1.1 KEM, first sealed message and exporter; A.2.1 with ChaCha20-Poly1305', async () => {
  const kem = x25519Kem();
  const r = await kem.deriveKeyPair(A1.ikmR);
  assert.deepEqual([r.sk, r.pk], [A1.skRm, A1.pkRm]);
  const e = await kem.encap(A1.pkRm, A1.ikmE);
  assert.deepEqual([e.enc, e.sharedSecret], [A1.pkEm, A1.sharedSecret]);
  assert.deepEqual(await kem.decap(A1.pkEm, A1.skRm), A1.sharedSecret);

  const aes = nativeHpke(getCiphersuiteFromName('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519').hpke, kem, nativeAead('AES128GCM'));
  const pk = await aes.hpke.importPublicKey(A1.pkRm);
  const sk = await aes.hpke.importPrivateKey(A1.skRm);
  const sealed = await aes.seal(pk, A1.pt, A1.info, A1.aad, A1.ikmE);
  assert.deepEqual([sealed.enc, sealed.ct], [A1.pkEm, A1.ct]);
  assert.deepEqual(await aes.hpke.open(sk, sealed.enc, sealed.ct, A1.info, A1.aad), A1.pt);
  const ex = await aes.exportSecret(pk, A1.exporterContext, 32, A1.info, A1.ikmE);
  assert.deepEqual(ex.secret, A1.exported);
  assert.deepEqual(await aes.hpke.importSecret(sk, A1.exporterContext, ex.enc, 32, A1.info), A1.exported);

  const chacha = nativeHpke(getCiphersuiteFromName('MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519').hpke, kem, nativeAead('CHACHA20POLY1305'));
  const r2 = await kem.deriveKeyPair(A2.ikmR);
  const s2 = await chacha.seal(await chacha.hpke.importPublicKey(r2.pk), A2.pt, A2.info, A2.aad, A2.ikmE);
  assert.deepEqual([s2.enc, s2.ct], [A2.pkEm, A2.ct]);
});

test('Ed25519: RFC 8032 §7.1 test 1; bad keys and signatures verify false instead of throwing', async () => {
  const sig = await nativeEd25519().sign(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'), new Uint8Array(0));
  assert.deepEqual(
    sig,
    hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'),
  );
  const ours = nativeEd25519();
  const pub = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  assert.equal(await ours.verify(pub, new Uint8Array(0), sig), true);
  const bad = sig.slice();
  bad[5]! ^= 1;
  assert.equal(await ours.verify(pub, new Uint8Array(0), bad), false);
  assert.equal(await ours.verify(new Uint8Array(7), new Uint8Array(1), new Uint8Array(64)), false);
  assert.equal(await ours.verify(ed25519.getPublicKey(new Uint8Array(32)), new Uint8Array(1), new Uint8Array(3)), false);
  // The same checks on libuv's thread pool (the form a decryption started ahead uses): same answers.
  const pooled = ours.pooled!;
  assert.deepEqual(await pooled.sign(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'), new Uint8Array(0)), sig);
  assert.equal(await pooled.verify(pub, new Uint8Array(0), sig), true);
  assert.equal(await pooled.verify(pub, new Uint8Array(0), bad), false);
  assert.equal(await pooled.verify(pub, new Uint8Array(1), sig), false);
  assert.equal(await pooled.verify(new Uint8Array(7), new Uint8Array(1), new Uint8Array(64)), false);
  assert.equal(await pooled.verify(ed25519.getPublicKey(new Uint8Array(32)), new Uint8Array(1), new Uint8Array(3)), false);
});

for (const id of [1, 3, 83, 81]) {
  test(`suite ${id}: native and stock agree on hash, MAC, KDF, AEAD, HPKE and signatures`, async () => {
    const params = suiteParams(id);
    const n = await loadSuiteCrypto(params, 'native');
    const s = await loadSuiteCrypto(params, 'stock');
    const rnd = seededBytes(`native-vs-stock-${id}`);
    for (let i = 0; i < 6; i++) {
      const data = rnd(i * 37);
      const key = rnd(n.impl.kdf.size);
      assert.deepEqual(await n.impl.hash.digest(data), await s.impl.hash.digest(data));
      const mac = await n.impl.hash.mac(key, data);
      assert.deepEqual(mac, await s.impl.hash.mac(key, data));
      assert.equal(await n.impl.hash.verifyMac(key, mac, data), true);
      assert.equal(await n.impl.hash.verifyMac(key, mac.subarray(1), data), false);
      const salt = rnd(i % 2 === 0 ? 0 : n.impl.kdf.size);
      const prk = await n.impl.kdf.extract(salt, data);
      assert.deepEqual(prk, await s.impl.kdf.extract(salt, data));
      assert.deepEqual(await n.impl.kdf.expand(prk, data, 1 + i * 29), await s.impl.kdf.expand(prk, data, 1 + i * 29));
      const aeadKey = rnd(n.hpke.keyLength);
      const nonce = rnd(n.hpke.nonceLength);
      const aad = rnd(i * 3);
      const ct = await n.hpke.encryptAead(aeadKey, nonce, aad, data);
      assert.deepEqual(ct, await s.hpke.encryptAead(aeadKey, nonce, aad, data));
      assert.deepEqual(await s.hpke.decryptAead(aeadKey, nonce, aad, ct), data);
      await assert.rejects(n.hpke.decryptAead(aeadKey, nonce, rnd(1), ct), { name: 'CryptoError' });

      const ikm = rnd(params.ikmLength);
      const rn = await n.hpke.deriveKeyPair(ikm);
      const rs = await s.hpke.deriveKeyPair(ikm);
      assert.deepEqual(await n.hpke.exportPublicKey(rn.publicKey), await s.hpke.exportPublicKey(rs.publicKey));
      const ekm = rnd(params.ekmLength);
      const a = await n.seal(rn.publicKey, data, aad, key, ekm);
      const b = await s.seal(rs.publicKey, data, aad, key, ekm);
      assert.deepEqual(a, b);
      assert.deepEqual(await s.hpke.open(rs.privateKey, a.enc, a.ct, aad, key), data);
      assert.deepEqual(await n.hpke.open(rn.privateKey, b.enc, b.ct, aad, key), data);
      await assert.rejects(n.hpke.open(rn.privateKey, a.enc, a.ct, rnd(4), key), { name: 'CryptoError' });
      const xa = await n.exportSecret(rn.publicKey, data, 32, aad, ekm);
      assert.deepEqual(xa, await s.exportSecret(rs.publicKey, data, 32, aad, ekm));
      assert.deepEqual(await s.hpke.importSecret(rs.privateKey, data, xa.enc, 32, aad), xa.secret);

      const signKey = rnd(32);
      const sig = await n.impl.signature.sign(signKey, data);
      assert.deepEqual(sig, await s.impl.signature.sign(signKey, data));
      assert.equal(await s.impl.signature.verify(ed25519.getPublicKey(signKey), data, sig), true);
    }
  });
}

test('hostile input: wrong-length keys and low-order points are refused as CryptoError', async () => {
  const n = await loadSuiteCrypto(suiteParams(1), 'native');
  await assert.rejects(n.hpke.importPublicKey(new Uint8Array(31)), { name: 'CryptoError' });
  const r = await n.hpke.deriveKeyPair(new Uint8Array(32));
  // An all-zero enc is a low-order point: OpenSSL refuses the DH, our own check backs it up.
  await assert.rejects(n.hpke.open(r.privateKey, new Uint8Array(32), new Uint8Array(40), new Uint8Array(0)), { name: 'CryptoError' });
  await assert.rejects(n.hpke.open(r.privateKey, new Uint8Array(5), new Uint8Array(40), new Uint8Array(0)), { name: 'CryptoError' });
});
