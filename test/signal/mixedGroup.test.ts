// A Sender Keys group of two native and two libsignal devices: every distribution message travels over
// the pairwise session between the two members (native-native, native-libsignal, libsignal-libsignal),
// every member reads every sender, and after a libsignal member's removal every remaining member,
// native or libsignal, rotates and redistributes; the removed member reads nothing that follows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PairwiseMessage, PreKeyBundle, SenderKey, SenderKeyRecord, Session } from '../../sim/signal/engine.ts';
import { createNativeSignalEngine } from '../../sim/signal/nativeEngine.ts';
import { distributionIdFrom, expectOk, NativeDevice, text, utf8 } from './helpers.ts';
import { LibsignalDevice, ls, uuidOf } from './libsignalPeer.ts';

const engine = createNativeSignalEngine();
const DIST = distributionIdFrom('mixed/group');

interface Member {
  readonly name: string;
  bundle(): PreKeyBundle;
  initiate(to: string, b: PreKeyBundle): Promise<void>;
  send(to: string, bytes: Uint8Array): Promise<PairwiseMessage>;
  receive(from: string, m: PairwiseMessage): Promise<Uint8Array>;
  hasSession(with_: string): boolean;
  rotate(): Promise<Uint8Array>; // a new chain; returns its distribution message
  processDistribution(from: string, skdm: Uint8Array): Promise<void>;
  groupEncrypt(s: string): Promise<Uint8Array>;
  groupDecrypt(from: string, m: Uint8Array): Promise<string | undefined>; // undefined: refused
}

function nativeMember(name: string): Member {
  const dev = new NativeDevice(engine, `mixed/${name}`, 6);
  const sessions = new Map<string, Session>();
  const records = new Map<string, SenderKeyRecord>();
  let own: SenderKey | undefined;
  return {
    name,
    bundle: () => dev.bundle(),
    async initiate(to, b) {
      sessions.set(to, expectOk(engine.initiateSession(dev.identity, b)).session);
    },
    async send(to, bytes) {
      const r = expectOk(engine.encrypt(dev.identity, sessions.get(to)!, bytes));
      sessions.set(to, r.session);
      return r.message;
    },
    async receive(from, m) {
      const r = expectOk(engine.decrypt(dev.identity, dev.preKeys, sessions.get(from), m));
      sessions.set(from, r.session);
      dev.preKeys = r.preKeys;
      return r.plaintext;
    },
    hasSession: (w) => sessions.has(w),
    async rotate() {
      const r = engine.createSenderKey(dev.identity, DIST);
      own = r.senderKey;
      return r.distribution;
    },
    async processDistribution(from, skdm) {
      records.set(from, expectOk(engine.processSenderKeyDistribution(records.get(from), skdm)).record);
    },
    async groupEncrypt(s) {
      const r = expectOk(engine.groupEncrypt(dev.identity, own!, utf8(s)));
      own = r.senderKey;
      return r.message;
    },
    async groupDecrypt(from, m) {
      const rec = records.get(from);
      if (!rec) return undefined;
      const r = engine.groupDecrypt(rec, m);
      if (r.kind !== 'ok') return undefined;
      records.set(from, r.record);
      return text(r.plaintext);
    },
  };
}

function libsignalMember(name: string, regId: number): Member {
  const dev = new LibsignalDevice(name, regId);
  const addr = (n: string) => ls.ProtocolAddress.new(n, 1);
  const sessions = new Set<string>();
  return {
    name,
    bundle: () => dev.bundle(),
    async initiate(to, b) {
      await dev.processBundle(addr(to), b);
      sessions.add(to);
    },
    send: (to, bytes) => dev.encrypt(addr(to), bytes),
    async receive(from, m) {
      sessions.add(from);
      return dev.decrypt(addr(from), m);
    },
    hasSession: (w) => sessions.has(w),
    async rotate() {
      dev.senderKeys.m.delete(`${name}.1/${uuidOf(DIST)}`); // as Signal clients reset their sender key
      return dev.senderKeyDistribution(DIST);
    },
    processDistribution: (from, skdm) => dev.processDistribution(addr(from), skdm),
    async groupEncrypt(s) {
      return dev.groupEncrypt(DIST, utf8(s));
    },
    async groupDecrypt(from, m) {
      try {
        return text(await dev.groupDecrypt(addr(from), m));
      } catch {
        return undefined;
      }
    },
  };
}

/** Carry `bytes` from `a` to `b` over their pairwise session, setting it up on first use. */
async function carry(a: Member, b: Member, bytes: Uint8Array): Promise<Uint8Array> {
  if (!a.hasSession(b.name)) await a.initiate(b.name, b.bundle());
  return b.receive(a.name, await a.send(b.name, bytes));
}

async function distribute(sender: Member, group: readonly Member[]): Promise<number> {
  const skdm = await sender.rotate();
  let sent = 0;
  for (const m of group) {
    if (m === sender) continue;
    await m.processDistribution(sender.name, await carry(sender, m, skdm));
    sent++;
  }
  return sent;
}

async function everyoneReadsEveryone(group: readonly Member[], tag: string): Promise<void> {
  for (const s of group) {
    const sent = [await s.groupEncrypt(`${tag} ${s.name} 0`), await s.groupEncrypt(`${tag} ${s.name} 1`)];
    for (const r of group) {
      if (r === s) continue;
      assert.equal(await r.groupDecrypt(s.name, sent[1]!), `${tag} ${s.name} 1`, `${r.name} reads ${s.name}`);
      assert.equal(await r.groupDecrypt(s.name, sent[0]!), `${tag} ${s.name} 0`, `${r.name} reads ${s.name} out of order`);
    }
  }
}

test('a group of native and libsignal members: everyone reads everyone; a removal rotates every remaining sender', async () => {
  const n1 = nativeMember('n1');
  const n2 = nativeMember('n2');
  const l1 = libsignalMember('l1', 101);
  const l2 = libsignalMember('l2', 102);
  const group = [n1, l1, n2, l2];
  for (const m of group) await distribute(m, group);
  await everyoneReadsEveryone(group, 'before');

  // l2 is removed: each remaining member rotates and sends the new chain to the two others.
  const remaining = [n1, l1, n2];
  let pairwise = 0;
  for (const m of remaining) pairwise += await distribute(m, remaining);
  assert.equal(pairwise, 3 * 2);
  await everyoneReadsEveryone(remaining, 'after');
  for (const s of remaining) {
    const m = await s.groupEncrypt(`secret from ${s.name}`);
    assert.equal(await l2.groupDecrypt(s.name, m), undefined, `removed l2 cannot read ${s.name}`);
  }
});
