// The Double Ratchet between two native devices: setup, ratchet turns, out-of-order delivery,
// replay and jump bounds, unknown sessions, prekey exhaustion and reuse, re-registration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PairwiseMessage, Session } from '../../sim/signal/engine.ts';
import { createNativeSignalEngine } from '../../sim/signal/nativeEngine.ts';
import { encodeSignalMessage } from '../../sim/signal/signalMessage.ts';
import { MAX_FORWARD_JUMPS, MAX_MESSAGE_KEYS } from '../../sim/signal/sessionState.ts';
import { expectOk, expectRejected, NativeDevice, text, utf8 } from './helpers.ts';

const engine = createNativeSignalEngine();

function pair(seed: string) {
  const a = new NativeDevice(engine, `${seed}/a`);
  const b = new NativeDevice(engine, `${seed}/b`);
  const s = { a: expectOk(engine.initiateSession(a.identity, b.bundle())).session as Session, b: undefined as Session | undefined };
  const send = (from: 'a' | 'b', msg: string): PairwiseMessage => {
    const dev = from === 'a' ? a : b;
    const r = expectOk(engine.encrypt(dev.identity, s[from]!, utf8(msg)));
    s[from] = r.session;
    return r.message;
  };
  const recv = (to: 'a' | 'b', m: PairwiseMessage): string => {
    const dev = to === 'a' ? a : b;
    const r = expectOk(engine.decrypt(dev.identity, dev.preKeys, s[to], m));
    s[to] = r.session;
    dev.preKeys = r.preKeys;
    return text(r.plaintext);
  };
  return { a, b, s, send, recv };
}

test('a session carries messages both ways across DH ratchet turns, in and out of order', () => {
  const p = pair('turns');
  const first = p.send('a', 'a0');
  assert.equal(first.type, 'prekey');
  assert.equal(p.recv('b', first), 'a0');
  for (let turn = 0; turn < 5; turn++) {
    const from = turn % 2 === 0 ? 'b' : 'a';
    const to = from === 'a' ? 'b' : 'a';
    const burst = [0, 1, 2, 3].map((i) => p.send(from, `${from}${turn}.${i}`));
    for (const i of [3, 1, 0, 2]) assert.equal(p.recv(to, burst[i]!), `${from}${turn}.${i}`);
  }
  assert.equal(engine.sessionInfo(p.s.a).acknowledged, true);
  assert.equal(p.send('a', 'plain').type, 'whisper');
});

test('messages from a previous chain still decrypt after the peer turned the ratchet', () => {
  const p = pair('late');
  p.recv('b', p.send('a', 'hello'));
  const late = p.send('b', 'late one');
  const x = p.send('b', 'x');
  assert.equal(p.recv('a', x), 'x');
  p.recv('b', p.send('a', 'turn'));
  p.recv('a', p.send('b', 'new chain'));
  assert.equal(p.recv('a', late), 'late one');
});

test('a replayed message is rejected, and the session is unchanged by it', () => {
  const p = pair('replay');
  const m = p.send('a', 'once');
  p.recv('b', m);
  const w = p.send('b', 'w');
  p.recv('a', w);
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, w), 'replay');
  expectRejected(engine.decrypt(p.b.identity, p.b.preKeys, p.s.b, m), 'replay');
});

test('skipped message keys are bounded; a jump beyond MAX_FORWARD_JUMPS is rejected', () => {
  const p = pair('bounds');
  p.recv('b', p.send('a', 'start'));
  const skipped = [];
  for (let i = 0; i < MAX_MESSAGE_KEYS + 5; i++) skipped.push(p.send('b', `s${i}`));
  assert.equal(p.recv('a', skipped.at(-1)!), `s${MAX_MESSAGE_KEYS + 4}`);
  // The oldest skipped keys were evicted; the newest are kept.
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, skipped[0]!), 'replay');
  assert.equal(p.recv('a', skipped[10]!), 's10');
  // A message claiming a counter far ahead is refused before any key is derived.
  const far = encodeSignalMessage({ version: 4, ratchetKey: getRatchetKey(skipped[1]!)!, counter: MAX_FORWARD_JUMPS + MAX_MESSAGE_KEYS + 100, previousCounter: 0, ciphertext: new Uint8Array(16) }, new Uint8Array(32), new Uint8Array(33), new Uint8Array(33));
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, { type: 'whisper', bytes: far }), 'too-far');
});

function getRatchetKey(m: PairwiseMessage): Uint8Array | undefined {
  // SignalMessage: version byte, then field 1 (0x0a, length 33).
  return m.bytes[1] === 0x0a && m.bytes[2] === 33 ? m.bytes.slice(3, 36) : undefined;
}

test('a message of an unknown session, a garbled one, or one with no session at all is a rejection', () => {
  const p = pair('unknown');
  p.recv('b', p.send('a', 'hi'));
  const q = pair('unknown-other');
  q.recv('b', q.send('a', 'hi'));
  const foreign = q.send('b', 'not for you');
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, foreign), 'bad-mac');
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, undefined, foreign), 'no-session');
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, { type: 'whisper', bytes: utf8('garbage bytes, not protobuf') }), 'malformed');
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, { type: 'prekey', bytes: new Uint8Array([0x44, 0xff]) }), 'malformed');
  const tampered = Uint8Array.from(p.send('b', 'x').bytes);
  tampered[tampered.length - 12]! ^= 0x80;
  expectRejected(engine.decrypt(p.a.identity, p.a.preKeys, p.s.a, { type: 'whisper', bytes: tampered }), 'bad-mac');
});

test('one-time prekeys: spent once, exhaustion falls back to a session without one, reuse is rejected', () => {
  const b = new NativeDevice(engine, 'otk/b', 1);
  const a1 = new NativeDevice(engine, 'otk/a1');
  const a2 = new NativeDevice(engine, 'otk/a2');
  const bundle = b.bundle();
  const first = expectOk(engine.initiateSession(a1.identity, bundle));
  assert.equal(first.usedOneTimePreKey, true);
  const m1 = expectOk(engine.encrypt(a1.identity, first.session, utf8('one'))).message;
  const got = expectOk(engine.decrypt(b.identity, b.preKeys, undefined, m1));
  b.preKeys = got.preKeys;
  // Someone replaying the claimed bundle (or a directory handing it out twice) gets a rejection.
  const again = expectOk(engine.initiateSession(a2.identity, bundle));
  expectRejected(engine.decrypt(b.identity, b.preKeys, undefined, expectOk(engine.encrypt(a2.identity, again.session, utf8('two'))).message), 'unknown-prekey');
  // The next bundle has no one-time prekey left and uses the last-resort Kyber prekey.
  const exhausted = b.bundle();
  assert.equal(exhausted.oneTimePreKey, undefined);
  assert.equal(exhausted.kyberPreKey.id, 9999);
  const fallback = expectOk(engine.initiateSession(a2.identity, exhausted));
  assert.equal(fallback.usedOneTimePreKey, false);
  const r = expectOk(engine.decrypt(b.identity, b.preKeys, undefined, expectOk(engine.encrypt(a2.identity, fallback.session, utf8('three'))).message));
  assert.equal(text(r.plaintext), 'three');
});

test('a forged bundle signature is rejected', () => {
  const b = new NativeDevice(engine, 'forged/b');
  const a = new NativeDevice(engine, 'forged/a');
  const bundle = b.bundle();
  const sig = Uint8Array.from(bundle.signedPreKey.signature);
  sig[0]! ^= 1;
  expectRejected(engine.initiateSession(a.identity, { ...bundle, signedPreKey: { ...bundle.signedPreKey, signature: sig } }), 'bad-signature');
  const other = new NativeDevice(engine, 'forged/other').upload.kyberPreKeys[0]!;
  expectRejected(engine.initiateSession(a.identity, { ...bundle, kyberPreKey: other }), 'bad-signature');
  // An X3DH-only bundle (no Kyber prekey): libsignal 0.90 refuses it too.
  const { kyberPreKey: _dropped, ...x3dhOnly } = bundle;
  expectRejected(engine.initiateSession(a.identity, x3dhOnly as typeof bundle), 'malformed');
});

test("a peer's re-registration becomes a new session with an identity-changed event; late messages of the old one still decrypt", () => {
  const p = pair('rereg');
  p.recv('b', p.send('a', 'hi'));
  const lateFromOldB = p.send('b', 'sent before reinstall');
  // b reinstalls: new identity key, new prekeys.
  const b2 = new NativeDevice(engine, 'rereg/b-reinstalled');
  const re = expectOk(engine.initiateSession(p.a.identity, b2.bundle(), p.s.a));
  assert.deepEqual(re.events, ['new-session', 'identity-changed']);
  assert.equal(engine.sessionInfo(re.session).archivedStates, 1);
  const r = expectOk(engine.decrypt(p.a.identity, p.a.preKeys, re.session, lateFromOldB));
  assert.equal(text(r.plaintext), 'sent before reinstall');
  // The other direction: the reinstalled device initiates to a, which holds the old session.
  const q = pair('rereg2');
  q.recv('b', q.send('a', 'hi'));
  const a2 = new NativeDevice(engine, 'rereg2/a-reinstalled');
  const s2 = expectOk(engine.initiateSession(a2.identity, q.b.bundle()));
  const got = expectOk(engine.decrypt(q.b.identity, q.b.preKeys, q.s.b, expectOk(engine.encrypt(a2.identity, s2.session, utf8('new me'))).message));
  assert.deepEqual(got.events, ['new-session', 'identity-changed']);
  assert.equal(text(got.plaintext), 'new me');
});

test('handles are immutable values: an old session handle decrypts again; a foreign handle throws', () => {
  const p = pair('immutable');
  const m = p.send('a', 'twice');
  const before = p.s.b;
  const r1 = expectOk(engine.decrypt(p.b.identity, p.b.preKeys, before, m));
  const r2 = expectOk(engine.decrypt(p.b.identity, p.b.preKeys, before, m));
  assert.equal(text(r1.plaintext), text(r2.plaintext));
  const other = createNativeSignalEngine();
  assert.throws(() => other.encrypt(p.a.identity, p.s.a, utf8('x')), TypeError);
  assert.throws(() => engine.encrypt(p.a.identity, {} as Session, utf8('x')), TypeError);
});

test('signed-prekey rotation keeps the old key for sessions started from an old bundle', () => {
  const b = new NativeDevice(engine, 'rotate/b');
  const a1 = new NativeDevice(engine, 'rotate/a1');
  const a2 = new NativeDevice(engine, 'rotate/a2');
  const oldBundle = b.bundle();
  const rotated = engine.createPreKeys(b.identity, { signedPreKeyId: 2, oneTimePreKeyIds: [200], kyberPreKeyIds: [200], lastResortKyberPreKeyId: 9998 }, b.preKeys);
  b.preKeys = rotated.preKeys;
  const u = rotated.upload;
  const newBundle = { identityKey: u.identityKey, registrationId: u.registrationId, deviceId: 1, signedPreKey: u.signedPreKey, oneTimePreKey: u.oneTimePreKeys[0]!, kyberPreKey: u.kyberPreKeys[0]! };
  for (const [a, bundle, msg] of [[a1, oldBundle, 'old'], [a2, newBundle, 'new']] as const) {
    const s = expectOk(engine.initiateSession(a.identity, bundle)).session;
    const r = expectOk(engine.decrypt(b.identity, b.preKeys, undefined, expectOk(engine.encrypt(a.identity, s, utf8(msg))).message));
    assert.equal(text(r.plaintext), msg);
  }
});

test('one-time prekeys alone can be added: the upload carries the current signed and last-resort prekeys, and both bundles work', () => {
  const b = new NativeDevice(engine, 'replenish/b', 1);
  const first = b.upload;
  const more = engine.createPreKeys(b.identity, { oneTimePreKeyIds: [300], kyberPreKeyIds: [300] }, b.preKeys);
  const u = more.upload;
  assert.deepEqual(u.signedPreKey, first.signedPreKey, 'the signed prekey is not rotated');
  assert.deepEqual(u.lastResortKyberPreKey, first.lastResortKyberPreKey, 'the last-resort Kyber prekey is not rotated');
  assert.equal(u.oneTimePreKeys.length, 1);
  assert.equal(u.kyberPreKeys.length, 1);
  b.preKeys = more.preKeys;
  const bundles = [b.bundle(), { identityKey: u.identityKey, registrationId: u.registrationId, deviceId: 1, signedPreKey: u.signedPreKey, oneTimePreKey: u.oneTimePreKeys[0]!, kyberPreKey: u.kyberPreKeys[0]! }];
  bundles.forEach((bundle, i) => {
    const a = new NativeDevice(engine, `replenish/a${i}`);
    const s = expectOk(engine.initiateSession(a.identity, bundle)).session;
    const r = expectOk(engine.decrypt(b.identity, b.preKeys, undefined, expectOk(engine.encrypt(a.identity, s, utf8(`hi ${i}`))).message));
    assert.equal(text(r.plaintext), `hi ${i}`);
    b.preKeys = r.preKeys;
  });
  // A later rotation replaces what later uploads carry; a store without signed prekeys cannot skip them.
  const rotated = engine.createPreKeys(b.identity, { signedPreKeyId: 7, lastResortKyberPreKeyId: 9000 }, b.preKeys);
  assert.equal(rotated.upload.signedPreKey.id, 7);
  assert.equal(engine.createPreKeys(b.identity, { oneTimePreKeyIds: [301] }, rotated.preKeys).upload.lastResortKyberPreKey.id, 9000);
  assert.throws(() => engine.createPreKeys(b.identity, { oneTimePreKeyIds: [1] }), /signedPreKeyId: required/);
  assert.throws(() => engine.createPreKeys(b.identity, { signedPreKeyId: 1 }), /lastResortKyberPreKeyId: required/);
});
