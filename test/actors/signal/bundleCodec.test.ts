import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundlesOf, decodeBundle } from '../../../sim/actors/signal/bundleCodec.ts';
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
