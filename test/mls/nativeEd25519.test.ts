// Native Ed25519 against RFC 8032 and against the signer ts-mls would otherwise use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { nobleCryptoProvider, getCiphersuiteImpl, getCiphersuiteFromName } from 'ts-mls';
import { nativeEd25519 } from '../../sim/mls/tsMls/nativeEd25519.ts';
import { seededBytes } from './helpers.ts';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

test('RFC 8032 §7.1 test 1', async () => {
  const sig = await nativeEd25519().sign(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'), new Uint8Array(0));
  assert.deepEqual(
    sig,
    hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'),
  );
  const pub = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  assert.equal(await nativeEd25519().verify(pub, new Uint8Array(0), sig), true);
});

test("same signatures as ts-mls's signer; bad keys and signatures verify false instead of throwing", async () => {
  const ours = nativeEd25519();
  const theirs = (await getCiphersuiteImpl(getCiphersuiteFromName('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519'), nobleCryptoProvider)).signature;
  const rnd = seededBytes('ed');
  for (let i = 0; i < 10; i++) {
    const sk = rnd(32);
    const pk = ed25519.getPublicKey(sk);
    const msg = rnd(i * 13);
    const sig = await ours.sign(sk, msg);
    assert.deepEqual(sig, await theirs.sign(sk, msg));
    assert.equal(await theirs.verify(pk, msg, sig), true);
    const bad = sig.slice();
    bad[5]! ^= 1;
    assert.equal(await ours.verify(pk, msg, bad), false);
  }
  assert.equal(await ours.verify(new Uint8Array(7), new Uint8Array(1), new Uint8Array(64)), false);
  assert.equal(await ours.verify(ed25519.getPublicKey(rnd(32)), new Uint8Array(1), new Uint8Array(3)), false);
});
