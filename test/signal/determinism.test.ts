// Same byte sources and the same operations give byte-identical wire messages; another seed gives
// others. Covers every operation that draws randomness (identity, prekeys, PQXDH, the DH ratchet
// step in decrypt, sender keys and their XEdDSA signatures).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNativeSignalEngine } from '../../sim/signal/nativeEngine.ts';
import { distributionIdFrom, expectOk, NativeDevice, utf8 } from './helpers.ts';

function script(seed: string): Uint8Array[] {
  const engine = createNativeSignalEngine();
  const a = new NativeDevice(engine, `${seed}/a`, 2);
  const b = new NativeDevice(engine, `${seed}/b`, 2);
  const out: Uint8Array[] = [a.upload.identityKey, a.upload.signedPreKey.signature, a.upload.kyberPreKeys[0]!.publicKey];
  let sa = expectOk(engine.initiateSession(a.identity, b.bundle())).session;
  const m1 = expectOk(engine.encrypt(a.identity, sa, utf8('one')));
  sa = m1.session;
  const d1 = expectOk(engine.decrypt(b.identity, b.preKeys, undefined, m1.message));
  const r1 = expectOk(engine.encrypt(b.identity, d1.session, utf8('two')));
  const d2 = expectOk(engine.decrypt(a.identity, a.preKeys, sa, r1.message));
  const m2 = expectOk(engine.encrypt(a.identity, d2.session, utf8('three')));
  const sk = engine.createSenderKey(a.identity, distributionIdFrom(`${seed}/group`));
  const g = expectOk(engine.groupEncrypt(a.identity, sk.senderKey, utf8('group')));
  out.push(m1.message.bytes, r1.message.bytes, m2.message.bytes, sk.distribution, g.message);
  return out;
}

test('two runs with the same seed give identical bytes; another seed gives other bytes', () => {
  const x = script('det');
  const y = script('det');
  const z = script('det-other');
  assert.equal(x.length, y.length);
  x.forEach((b, i) => assert.deepEqual(Buffer.from(b), Buffer.from(y[i]!), `item ${i}`));
  x.forEach((b, i) => assert.notDeepEqual(Buffer.from(b), Buffer.from(z[i]!), `item ${i}`));
});
