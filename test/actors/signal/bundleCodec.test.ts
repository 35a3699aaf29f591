import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundlesOf, decodeBundle, encodeBundle } from '../../../sim/actors/signal/bundleCodec.ts';
import { frameAll, unframeAll } from '../../../sim/actors/framing.ts';
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

/** The decoder as nested frames read with `unframeAll` (what decodeBundle did before it read in place). */
function referenceDecode(bytes: Uint8Array): PreKeyBundle | undefined {
  const num = (b: Uint8Array | undefined): number => (b === undefined || b.length !== 4 ? -1 : ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
  try {
    const [identityKey, reg, dev, spk, kyber, otk] = unframeAll(bytes);
    if (identityKey === undefined || spk === undefined || kyber === undefined || otk === undefined) return undefined;
    const s = unframeAll(spk), k = unframeAll(kyber), o = unframeAll(otk);
    if (s.length !== 3 || k.length !== 3 || (o.length !== 0 && o.length !== 2)) return undefined;
    return {
      identityKey,
      registrationId: num(reg),
      deviceId: num(dev),
      signedPreKey: { id: num(s[0]), publicKey: s[1]!, signature: s[2]! },
      kyberPreKey: { id: num(k[0]), publicKey: k[1]!, signature: k[2]! },
      ...(o.length === 2 && { oneTimePreKey: { id: num(o[0]), publicKey: o[1]! } }),
    };
  } catch {
    return undefined;
  }
}

test('decoding in place accepts and refuses exactly what reading the nested frames does (truncations, flipped bytes, odd frame counts)', () => {
  const r = bytes(11);
  const spk: SignedPublicPreKey = { id: 3, publicKey: r(33), signature: r(64) };
  const kyber: SignedPublicPreKey = { id: 4, publicKey: r(40), signature: r(64) };
  const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const samples: Uint8Array[] = [];
  for (const oneTimePreKey of [undefined, { id: 9, publicKey: r(33) }]) {
    const b = encodeBundle({ identityKey: r(33), registrationId: 77, deviceId: 2, signedPreKey: spk, kyberPreKey: kyber, ...(oneTimePreKey && { oneTimePreKey }) });
    samples.push(b, frameAll([...unframeAll(b), r(5)]), frameAll(unframeAll(b).slice(0, 5)));
    samples.push(frameAll([...unframeAll(b).slice(0, 5), frameAll([u32(1)])]), frameAll([r(33), r(3), u32(1), frameAll([u32(1), r(2)]), unframeAll(b)[4]!, new Uint8Array(0)]));
  }
  let checked = 0;
  for (const b of samples) {
    for (let cut = 0; cut <= b.length; cut += 7) {
      const x = b.subarray(0, cut);
      assert.deepEqual(decodeBundle(x), referenceDecode(x), `cut at ${cut}`);
      checked++;
    }
    for (let at = 0; at < b.length; at += 3) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const x = b.slice();
        x[at]! ^= flip;
        assert.deepEqual(decodeBundle(x), referenceDecode(x), `byte ${at} ^ ${flip}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000);
  assert.ok(samples.some((b) => decodeBundle(b) !== undefined) && samples.some((b) => decodeBundle(b) === undefined));
});
