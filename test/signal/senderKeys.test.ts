// Sender Keys between native devices: distribution over pairwise sessions, out-of-order delivery,
// replay, and a removal that makes every remaining member rotate and redistribute.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SenderKey, SenderKeyRecord, Session } from '../../sim/signal/engine.ts';
import { createNativeSignalEngine } from '../../sim/signal/nativeEngine.ts';
import { distributionIdFrom, expectOk, expectRejected, NativeDevice, text, utf8 } from './helpers.ts';

const engine = createNativeSignalEngine();

/** A group where every member holds a pairwise session to every other and its own sender key. */
class Group {
  readonly sessions = new Map<string, Session>(); // "from>to"
  readonly own = new Map<string, SenderKey>();
  readonly records = new Map<string, SenderKeyRecord>(); // "holder<sender"
  /** Pairwise messages sent to carry distribution messages (the O(n^2) cost of a rotation). */
  pairwiseSent = 0;
  constructor(
    readonly devices: Map<string, NativeDevice>,
    readonly distributionId: Uint8Array,
  ) {
    for (const name of devices.keys()) this.rotate(name);
  }
  private session(from: string, to: string): Session {
    const k = `${from}>${to}`;
    let s = this.sessions.get(k) ?? this.sessions.get(`${to}>${from}`);
    if (!s) s = expectOk(engine.initiateSession(this.devices.get(from)!.identity, this.devices.get(to)!.bundle())).session;
    return s;
  }
  /** `name` makes a new sender key and sends its distribution to every other member over pairwise sessions. */
  rotate(name: string): void {
    const me = this.devices.get(name)!;
    const fresh = engine.createSenderKey(me.identity, this.distributionId);
    this.own.set(name, fresh.senderKey);
    for (const [other, dev] of this.devices) {
      if (other === name) continue;
      const enc = expectOk(engine.encrypt(me.identity, this.session(name, other), fresh.distribution));
      this.sessions.set(`${name}>${other}`, enc.session);
      this.pairwiseSent++;
      const dec = expectOk(engine.decrypt(dev.identity, dev.preKeys, this.sessions.get(`${other}>${name}`), enc.message));
      this.sessions.set(`${other}>${name}`, dec.session);
      dev.preKeys = dec.preKeys;
      const p = expectOk(engine.processSenderKeyDistribution(this.records.get(`${other}<${name}`), dec.plaintext));
      this.records.set(`${other}<${name}`, p.record);
    }
  }
  send(name: string, msg: string): Uint8Array {
    const r = expectOk(engine.groupEncrypt(this.devices.get(name)!.identity, this.own.get(name)!, utf8(msg)));
    this.own.set(name, r.senderKey);
    return r.message;
  }
  receive(holder: string, sender: string, m: Uint8Array) {
    const rec = this.records.get(`${holder}<${sender}`)!;
    const r = engine.groupDecrypt(rec, m);
    if (r.kind === 'ok') this.records.set(`${holder}<${sender}`, r.record);
    return r;
  }
}

function devices(seed: string, names: readonly string[]): Map<string, NativeDevice> {
  return new Map(names.map((n) => [n, new NativeDevice(engine, `${seed}/${n}`, names.length)]));
}

test('every member reads every sender, out of order; a replay is rejected', () => {
  const g = new Group(devices('sk', ['a', 'b', 'c', 'd']), distributionIdFrom('sk/group'));
  assert.equal(g.pairwiseSent, 4 * 3);
  for (const sender of ['a', 'b', 'c', 'd']) {
    const ms = [0, 1, 2].map((i) => g.send(sender, `${sender}${i}`));
    for (const holder of ['a', 'b', 'c', 'd']) {
      if (holder === sender) continue;
      for (const i of [2, 0, 1]) assert.equal(text(expectOk(g.receive(holder, sender, ms[i]!)).plaintext), `${sender}${i}`);
      expectRejected(g.receive(holder, sender, ms[1]!), 'replay');
    }
  }
});

test('after a removal every remaining member rotates; the removed member cannot read what follows', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const devs = devices('rm', names);
  const g = new Group(devs, distributionIdFrom('rm/group'));
  const beforeRemoval = g.send('a', 'before');
  assert.equal(text(expectOk(g.receive('e', 'a', beforeRemoval)).plaintext), 'before');
  // Remove e: every remaining member makes a new chain and sends it to every other remaining one.
  devs.delete('e');
  const sent = g.pairwiseSent;
  for (const n of devs.keys()) g.rotate(n);
  assert.equal(g.pairwiseSent - sent, 4 * 3, 'a removal costs (n-1)(n-2) pairwise distribution messages');
  const after = g.send('a', 'after');
  expectRejected(g.receive('e', 'a', after), 'no-session');
  for (const holder of ['b', 'c', 'd']) assert.equal(text(expectOk(g.receive(holder, 'a', after)).plaintext), 'after');
});

test('a distribution or message that does not decode is a rejection; a foreign signature too', () => {
  const g = new Group(devices('bad', ['a', 'b']), distributionIdFrom('bad/group'));
  expectRejected(engine.processSenderKeyDistribution(undefined, utf8('not a distribution message at all, surely')), 'malformed');
  expectRejected(engine.groupDecrypt(g.records.get('b<a')!, new Uint8Array(10)), 'malformed');
  const m = Uint8Array.from(g.send('a', 'signed'));
  m[m.length - 1]! ^= 0x01;
  expectRejected(g.receive('b', 'a', m), 'bad-signature');
  assert.throws(() => engine.createSenderKey(g.devices.get('a')!.identity, new Uint8Array(3)), RangeError);
});
