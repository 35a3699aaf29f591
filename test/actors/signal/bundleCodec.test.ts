import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundlesOf, decodeBundle, encodeBundle } from '../../../sim/actors/signal/bundleCodec.ts';
import { frameAll } from '../../../sim/actors/framing.ts';
import type { PreKeyBundle, PublicPreKey, SignedPublicPreKey } from '../../../sim/signal/engine.ts';
import { createNativeSignalEngine } from '../../../sim/signal/nativeEngine.ts';

const bytes = (seed: number) => {
  let x = seed;
  return (n: number) => Uint8Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
};

test('served bundles decode and set up sessions: fresh ones carry a one-time prekey, the last-resort one none', () => {
  const e = createNativeSignalEngine();
  const bob = e.createIdentity({ randomBytes: bytes(1) });
  const alice = e.createIdentity({ randomBytes: bytes(2) });
  const { preKeys, upload } = e.createPreKeys(bob, { signedPreKeyId: 1, oneTimePreKeyIds: [1, 2], kyberPreKeyIds: [1, 2], lastResortKyberPreKeyId: 9 });
  const served = bundlesOf(upload, 1);
  assert.equal(served.fresh.length, 2);
  const fresh = decodeBundle(served.fresh[0]!)!;
  const last = decodeBundle(served.lastResort)!;
  assert.equal(fresh.oneTimePreKey?.id, 1);
  assert.equal(last.oneTimePreKey, undefined);
  for (const [bundle, usedOneTime] of [[fresh, true], [last, false]] as const) {
    const init = e.initiateSession(alice, bundle);
    assert.equal(init.kind, 'ok');
    if (init.kind !== 'ok') return;
    assert.equal(init.usedOneTimePreKey, usedOneTime);
    const sent = e.encrypt(alice, init.session, new TextEncoder().encode('hi'));
    assert.equal(sent.kind, 'ok');
    if (sent.kind !== 'ok') return;
    const got = e.decrypt(bob, preKeys, undefined, sent.message);
    assert.equal(got.kind, 'ok');
  }
  assert.equal(decodeBundle(new Uint8Array([1, 2, 3])), undefined);
});

test('a bundle is its fields as nested frames, written in one pass, and decodes to itself', () => {
  const r = bytes(7);
  const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const pre = (k: PublicPreKey) => [u32(k.id), k.publicKey];
  const signed = (k: SignedPublicPreKey) => frameAll([...pre(k), k.signature]);
  const spk: SignedPublicPreKey = { id: 0x01020304, publicKey: r(33), signature: r(64) };
  const kyber: SignedPublicPreKey = { id: 5, publicKey: r(1569), signature: r(64) };
  for (const oneTimePreKey of [undefined, { id: 0xfffffffe, publicKey: r(33) }]) {
    const b: PreKeyBundle = { identityKey: r(33), registrationId: 0x7fff_1234, deviceId: 300, signedPreKey: spk, kyberPreKey: kyber, ...(oneTimePreKey && { oneTimePreKey }) };
    const nested = frameAll([b.identityKey, u32(b.registrationId), u32(b.deviceId), signed(spk), signed(kyber), frameAll(oneTimePreKey === undefined ? [] : pre(oneTimePreKey))]);
    assert.deepEqual(encodeBundle(b), nested);
    assert.deepEqual(decodeBundle(encodeBundle(b)), b);
  }
});
