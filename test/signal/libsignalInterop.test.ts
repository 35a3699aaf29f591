// Wire compatibility with libsignal-client 0.90.0: sessions set up both ways, messages both ways
// (in order, out of order, across DH ratchet turns), replays, and a Sender Keys group with senders
// from both implementations, the distribution messages carried over the pairwise sessions.
// libsignal draws its own randomness, so these are the only non-deterministic Signal tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PairwiseMessage, SenderKeyRecord, Session } from '../../sim/signal/engine.ts';
import { createNativeSignalEngine } from '../../sim/signal/nativeEngine.ts';
import { decodePreKeySignalMessage } from '../../sim/signal/preKeySignalMessage.ts';
import { decodeSignalMessage } from '../../sim/signal/signalMessage.ts';
import { distributionIdFrom, expectOk, expectRejected, NativeDevice, text, utf8 } from './helpers.ts';
import { LibsignalDevice, ls } from './libsignalPeer.ts';

const engine = createNativeSignalEngine();

/** A native device holding one session with a libsignal peer. */
class NativeSide {
  session: Session | undefined;
  constructor(readonly dev: NativeDevice) {}
  send(s: string | Uint8Array): PairwiseMessage {
    const r = expectOk(engine.encrypt(this.dev.identity, this.session!, typeof s === 'string' ? utf8(s) : s));
    this.session = r.session;
    return r.message;
  }
  receiveBytes(m: PairwiseMessage): Uint8Array {
    const r = expectOk(engine.decrypt(this.dev.identity, this.dev.preKeys, this.session, m));
    this.session = r.session;
    this.dev.preKeys = r.preKeys;
    return r.plaintext;
  }
  receive(m: PairwiseMessage): string {
    return text(this.receiveBytes(m));
  }
}

async function exchange(n: NativeSide, lib: LibsignalDevice, nAddr: ls.ProtocolAddress, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    // A burst each way, delivered out of order: last, first, middle.
    const fromN = [0, 1, 2].map((k) => n.send(`n${i}.${k}`));
    for (const k of [2, 0, 1]) assert.equal(text(await lib.decrypt(nAddr, fromN[k]!)), `n${i}.${k}`);
    const fromL = [];
    for (let k = 0; k < 3; k++) fromL.push(await lib.encrypt(nAddr, utf8(`l${i}.${k}`)));
    for (const k of [1, 2, 0]) assert.equal(n.receive(fromL[k]!), `l${i}.${k}`);
  }
}

test('native initiates PQXDH to libsignal; messages both ways, out of order, over several ratchet turns', async () => {
  const n = new NativeSide(new NativeDevice(engine, 'interop/n1'));
  const lib = new LibsignalDevice('lib1');
  const nAddr = ls.ProtocolAddress.new('n1', 1);
  const init = expectOk(engine.initiateSession(n.dev.identity, lib.bundle()));
  assert.equal(init.usedOneTimePreKey, true);
  n.session = init.session;
  const first = n.send('hello libsignal');
  assert.equal(first.type, 'prekey');
  assert.equal(text(await lib.decrypt(nAddr, first)), 'hello libsignal');
  const reply = await lib.encrypt(nAddr, utf8('hello native'));
  assert.equal(reply.type, 'whisper');
  assert.equal(n.receive(reply), 'hello native');
  assert.equal(engine.sessionInfo(n.session!).acknowledged, true);
  assert.equal(n.send('now plain').type, 'whisper');
  await exchange(n, lib, nAddr, 4);
});

test('libsignal initiates PQXDH to native (with and without a one-time prekey); native answers', async () => {
  for (const withOneTime of [true, false]) {
    const dev = new NativeDevice(engine, `interop/n2/${withOneTime}`, withOneTime ? 2 : 0);
    const n = new NativeSide(dev);
    const lib = new LibsignalDevice('lib2');
    const nAddr = ls.ProtocolAddress.new('n2', 1);
    const bundle = dev.bundle();
    assert.equal(bundle.oneTimePreKey !== undefined, withOneTime);
    await lib.processBundle(nAddr, bundle);
    const m1 = await lib.encrypt(nAddr, utf8('one'));
    const m2 = await lib.encrypt(nAddr, utf8('two'));
    assert.equal(m1.type, 'prekey');
    // The second PreKeySignalMessage first, then the first: both name the same session.
    assert.equal(n.receive(m2), 'two');
    assert.equal(n.receive(m1), 'one');
    const replay = engine.decrypt(dev.identity, dev.preKeys, n.session, m1);
    expectRejected(replay, 'replay');
    // libsignal 0.90 offers SPQR (field 5) until it hears from a peer that does not speak it.
    const offered = decodePreKeySignalMessage(m1.bytes);
    assert.ok(typeof offered !== 'string' && (offered.message.pqRatchet?.length ?? 0) > 0);
    assert.equal(text(await lib.decrypt(nAddr, n.send('answer'))), 'answer');
    const after = decodeSignalMessage((await lib.encrypt(nAddr, utf8('after'))).bytes);
    assert.ok(typeof after !== 'string' && after.pqRatchet === undefined, 'libsignal fell back to the Double Ratchet alone');
    await exchange(n, lib, nAddr, 3);
  }
});

test('a libsignal message for an unknown session is a rejection; a tampered one too', async () => {
  const dev = new NativeDevice(engine, 'interop/n3');
  const lib = new LibsignalDevice('lib3');
  const nAddr = ls.ProtocolAddress.new('n3', 1);
  await lib.processBundle(nAddr, dev.bundle());
  const m = await lib.encrypt(nAddr, utf8('x'));
  const tampered = Uint8Array.from(m.bytes);
  tampered[tampered.length - 1]! ^= 1;
  expectRejected(engine.decrypt(dev.identity, dev.preKeys, undefined, { type: 'prekey', bytes: tampered }), 'bad-mac');
  const n = new NativeSide(dev);
  assert.equal(n.receive(m), 'x');
  const reply = n.send('ack');
  assert.equal(text(await lib.decrypt(nAddr, reply)), 'ack');
  const w = await lib.encrypt(nAddr, utf8('y'));
  assert.equal(w.type, 'whisper');
  // Another device with no session for it, and the same device with a session to someone else.
  const other = new NativeDevice(engine, 'interop/n3-other');
  expectRejected(engine.decrypt(other.identity, other.preKeys, undefined, w), 'no-session');
  const elsewhere = expectOk(engine.initiateSession(dev.identity, new LibsignalDevice('lib3b').bundle())).session;
  expectRejected(engine.decrypt(dev.identity, dev.preKeys, elsewhere, w), 'bad-mac');
  assert.equal(n.receive(w), 'y');
});

test('a Sender Keys group with senders from both implementations; distribution over pairwise sessions', async () => {
  const distributionId = distributionIdFrom('interop/group');
  const n = new NativeSide(new NativeDevice(engine, 'interop/g-native'));
  const lib = new LibsignalDevice('g-lib');
  const nAddr = ls.ProtocolAddress.new('g-native', 1);
  n.session = expectOk(engine.initiateSession(n.dev.identity, lib.bundle())).session;

  // Native's sender key, sent to libsignal inside the pairwise session.
  const own = engine.createSenderKey(n.dev.identity, distributionId);
  let senderKey = own.senderKey;
  await lib.processDistribution(nAddr, await lib.decrypt(nAddr, n.send(own.distribution)));
  // libsignal's sender key, sent back the same way.
  const libSkdm = await lib.senderKeyDistribution(distributionId);
  const carried = n.receiveBytes(await lib.encrypt(nAddr, libSkdm));
  let record: SenderKeyRecord = expectOk(engine.processSenderKeyDistribution(undefined, carried)).record;

  const fromNative = [];
  for (let i = 0; i < 4; i++) {
    const r = expectOk(engine.groupEncrypt(n.dev.identity, senderKey, utf8(`native group ${i}`)));
    senderKey = r.senderKey;
    fromNative.push(r.message);
  }
  for (const i of [3, 0, 2, 1]) assert.equal(text(await lib.groupDecrypt(nAddr, fromNative[i]!)), `native group ${i}`);
  const fromLib = [];
  for (let i = 0; i < 4; i++) fromLib.push(await lib.groupEncrypt(distributionId, utf8(`lib group ${i}`)));
  for (const i of [1, 3, 0, 2]) {
    const r: { record: SenderKeyRecord; plaintext: Uint8Array } = expectOk(engine.groupDecrypt(record, fromLib[i]!));
    record = r.record;
    assert.equal(text(r.plaintext), `lib group ${i}`);
  }
  expectRejected(engine.groupDecrypt(record, fromLib[2]!), 'replay');
  const forged = Uint8Array.from(fromLib[0]!);
  forged[forged.length - 65]! ^= 1; // last ciphertext byte, under the signature
  expectRejected(engine.groupDecrypt(record, forged), 'bad-signature');
});
