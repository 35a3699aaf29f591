// The Signal protocol benchmark (issue 16): each operation of the native engine (sim/signal) and of
// libsignal-client 0.90.0, side by side in one run, against the floor composed from the node:crypto
// primitives (native, libsignal and floor batches interleaved round by round); then a group membership change (add one, remove one) with Sender Keys beside MLS's
// commit for the same change (sim/mls engine, native crypto, suite 1).
//
//   node --expose-gc --import tsx bench/signalBench.ts [--quick] [--json FILE] [--n 8,128]
//
// Sender Keys membership cost, with pairwise sessions already in place between all members (Signal
// keeps them across groups), counted over every device:
//   add one:    the joiner creates a sender key; it and each of the N members exchange distribution
//               messages over their pairwise session: 2N x (encrypt + decrypt + process distribution),
//               the decrypt counted with a DH ratchet step (the message opens a new chain);
//   remove one: each of the R = N-1 remaining members rotates and sends its new distribution message
//               to the R-1 others: R x create + R(R-1) x (encrypt + decrypt + process distribution).
// Times are CPU time of this process (process.cpuUsage), not wall time: the machines this runs on are
// shared and often overloaded, and wall time then measures the scheduler more than the work.
// Those totals are composed from the per-operation means measured here, and checked against a real
// end-to-end rotation at small N (the "measured" column). MLS: the committer's commit, and
// processing it at every other member (N-1 or N-2 of them), plus the joiner's Welcome for an add.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MlsEngine } from '../sim/mls/engine.ts';
import { createTsMlsEngine } from '../sim/mls/tsMlsEngine.ts';
import type { IdentityKeys, PreKeyBundle, PreKeyStore, SenderKey, SenderKeyRecord, Session, SignalEngine } from '../sim/signal/engine.ts';
import { createNativeSignalEngine } from '../sim/signal/nativeEngine.ts';
import { parsePublic } from '../sim/signal/publicKey.ts';
import { decodeSenderKeyDistribution } from '../sim/signal/senderKeyDistributionMessage.ts';
import { xeddsaVerify } from '../sim/signal/xeddsa.ts';
import { buildFixture, createMembers, pairOn } from './mls/fixtures.ts';
import { floorCall, measurePrimitives, primitiveCalls, type Primitive } from './signal/floor.ts';
import { streamBytes } from './signal/random.ts';
import { libsignalDevice, loadLibsignal, type Libsignal } from './signal/libsignalSide.ts';

export const SIGNAL_OPS = ['initiate (bundle)', 'accept (first message)', 'encrypt 100 B', 'decrypt 100 B', 'decrypt (new chain)', 'sender key create', 'process distribution', 'group encrypt 100 B', 'group decrypt 100 B'] as const;
export type SignalOp = (typeof SIGNAL_OPS)[number];

export interface SignalBenchReport {
  readonly meta: { readonly node: string; readonly cpus: number; readonly quick: boolean; readonly date: string; readonly seconds: number; readonly libsignal: string | undefined };
  readonly primitives: Record<Primitive, number>;
  readonly ops: readonly { readonly op: SignalOp; readonly nativeMs: number; readonly libsignalMs: number | undefined; readonly floorMs: number | undefined }[];
  readonly membership: readonly MembershipRow[];
  /** One XEdDSA signature check alone, node:crypto's Ed25519 (native engine) and libsignal's, side by side:
   *  the part of a group decrypt no implementation over node:crypto can make cheaper. */
  readonly verify: { readonly nativeMs: number; readonly libsignalMs: number | undefined };
}

export interface MembershipRow {
  readonly n: number;
  readonly signalAddMs: number;
  readonly signalRemoveMs: number;
  readonly libsignalAddMs: number | undefined;
  readonly libsignalRemoveMs: number | undefined;
  /** A real end-to-end rotation after a removal with the native engine (small N only). */
  readonly signalRemoveMeasuredMs: number | undefined;
  readonly removePairwiseMessages: number;
  readonly mlsAdd: { readonly commitMs: number; readonly processMs: number; readonly joinMs: number; readonly totalMs: number };
  readonly mlsRemove: { readonly commitMs: number; readonly processMs: number; readonly totalMs: number };
}

export interface SignalBenchOptions {
  readonly quick?: boolean;
  readonly json?: string;
  readonly ns?: readonly number[];
  readonly log?: (line: string) => void;
}

/** CPU milliseconds used by this process so far (all its threads). On a shared, overloaded machine
 *  wall time mostly measures the scheduler; CPU time measures the work. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Mean ms of `f` over at least `minMs` (and `minIter` calls), after one warm-up call. */
async function timeIt(f: (i: number) => unknown, minMs: number, minIter = 5): Promise<number> {
  await f(0);
  let n = 0;
  const t0 = cpuMs();
  let t = t0;
  while (t - t0 < minMs || n < minIter) {
    await f(n + 1);
    n++;
    t = cpuMs();
  }
  return (t - t0) / n;
}

const ok = <T extends { kind: string }>(r: T): Exclude<T, { kind: 'rejected' }> => {
  if (r.kind !== 'ok') throw new Error(`bench: ${JSON.stringify(r)}`);
  return r as Exclude<T, { kind: 'rejected' }>;
};

const PT = new Uint8Array(100).fill(7);
const uuid = (i: number) => `${(0x10000000 + i).toString(16)}-0000-4000-8000-000000000000`;
const uuidBytes = (i: number) => new Uint8Array(Buffer.from(uuid(i).replaceAll('-', ''), 'hex'));

/** Calls per timed batch: a few milliseconds of work each, so that a batch's figure carries its share
 *  of garbage collection and not a whole pause (the slow setup operations run fewer times). */
const BATCH: Record<SignalOp, number> = {
  'initiate (bundle)': 4,
  'accept (first message)': 4,
  'encrypt 100 B': 100,
  'decrypt 100 B': 100,
  'decrypt (new chain)': 15,
  'sender key create': 30,
  'process distribution': 300,
  'group encrypt 100 B': 40,
  'group decrypt 100 B': 30,
};

type Runner = (i: number) => unknown;

function nativeRunners(engine: SignalEngine): Map<SignalOp, Runner> {
  const dev = (seed: string): { identity: IdentityKeys; preKeys: PreKeyStore; bundle: PreKeyBundle } => {
    const identity = engine.createIdentity({ randomBytes: streamBytes(seed) });
    const r = engine.createPreKeys(identity, { signedPreKeyId: 1, oneTimePreKeyIds: [1], kyberPreKeyIds: [1], lastResortKyberPreKeyId: 2 });
    const u = r.upload;
    return { identity, preKeys: r.preKeys, bundle: { identityKey: u.identityKey, registrationId: u.registrationId, deviceId: 1, signedPreKey: u.signedPreKey, oneTimePreKey: u.oneTimePreKeys[0]!, kyberPreKey: u.kyberPreKeys[0]! } };
  };
  const a = dev('sb/a');
  const b = dev('sb/b');
  let sa: Session = ok(engine.initiateSession(a.identity, b.bundle)).session;
  const first = ok(engine.encrypt(a.identity, sa, PT));
  sa = first.session;
  let sb = ok(engine.decrypt(b.identity, b.preKeys, undefined, first.message)).session;
  const reply = ok(engine.encrypt(b.identity, sb, PT));
  sb = reply.session;
  const beforeReply = sa; // the reply opens a new chain for it: a DH ratchet step
  sa = ok(engine.decrypt(a.identity, a.preKeys, sa, reply.message)).session;
  const second = ok(engine.encrypt(b.identity, sb, PT)).message; // same chain: no DH step at a
  const did = uuidBytes(0);
  const sk = engine.createSenderKey(a.identity, did);
  const rec = ok(engine.processSenderKeyDistribution(undefined, sk.distribution)).record;
  const gm = ok(engine.groupEncrypt(a.identity, sk.senderKey, PT)).message;
  // Values in, values out: the same input against the same state is the same work each time.
  return new Map<SignalOp, Runner>([
    ['initiate (bundle)', () => ok(engine.initiateSession(a.identity, b.bundle))],
    ['accept (first message)', () => ok(engine.decrypt(b.identity, b.preKeys, undefined, first.message))],
    ['encrypt 100 B', () => ok(engine.encrypt(a.identity, sa, PT))],
    ['decrypt 100 B', () => ok(engine.decrypt(a.identity, a.preKeys, sa, second))],
    ['decrypt (new chain)', () => ok(engine.decrypt(a.identity, a.preKeys, beforeReply, reply.message))],
    ['sender key create', () => engine.createSenderKey(a.identity, did)],
    ['process distribution', () => ok(engine.processSenderKeyDistribution(undefined, sk.distribution))],
    ['group encrypt 100 B', () => ok(engine.groupEncrypt(a.identity, sk.senderKey, PT))],
    ['group decrypt 100 B', () => ok(engine.groupDecrypt(rec, gm))],
  ]);
}

/** libsignal keeps state in its stores, so each call that consumes an input gets a fresh one, prepared untimed. */
async function libsignalRunners(ls: Libsignal, calls: (op: SignalOp) => number): Promise<Map<SignalOp, Runner>> {
  const u8 = (b: Uint8Array) => Uint8Array.from(b) as Uint8Array<ArrayBuffer>;
  const a = libsignalDevice(ls, 'a');
  const b = libsignalDevice(ls, 'b');
  const bundle = b.bundle();
  const firsts: Uint8Array[] = [];
  for (let i = 0; i < calls('accept (first message)'); i++) {
    await ls.processPreKeyBundle(bundle, b.address, a.sessionStore, a.identityStore);
    firsts.push((await ls.signalEncrypt(u8(PT), b.address, a.sessionStore, a.identityStore)).serialize());
  }
  await ls.processPreKeyBundle(bundle, b.address, a.sessionStore, a.identityStore);
  const hello = (await ls.signalEncrypt(u8(PT), b.address, a.sessionStore, a.identityStore)).serialize();
  await ls.signalDecryptPreKey(ls.PreKeySignalMessage.deserialize(u8(hello)), a.address, b.sessionStore, b.identityStore, b.preKeyStore, b.signedStore, b.kyberStore);
  const r = (await ls.signalEncrypt(u8(PT), a.address, b.sessionStore, b.identityStore)).serialize();
  await ls.signalDecrypt(ls.SignalMessage.deserialize(u8(r)), b.address, a.sessionStore, a.identityStore);
  const inChain: Uint8Array[] = [];
  for (let i = 0; i < calls('decrypt 100 B'); i++) inChain.push((await ls.signalEncrypt(u8(PT), a.address, b.sessionStore, b.identityStore)).serialize());
  // Replies that each open a new chain at a (a DH ratchet step): one session per reply, under its own address.
  const replies: { from: ReturnType<typeof ls.ProtocolAddress.new>; bytes: Uint8Array }[] = [];
  for (let i = 0; i < calls('decrypt (new chain)'); i++) {
    const bAt = ls.ProtocolAddress.new(`b-${i}`, 1);
    const aAt = ls.ProtocolAddress.new(`a-${i}`, 1);
    await ls.processPreKeyBundle(bundle, bAt, a.sessionStore, a.identityStore);
    const h = (await ls.signalEncrypt(u8(PT), bAt, a.sessionStore, a.identityStore)).serialize();
    await ls.signalDecryptPreKey(ls.PreKeySignalMessage.deserialize(u8(h)), aAt, b.sessionStore, b.identityStore, b.preKeyStore, b.signedStore, b.kyberStore);
    replies.push({ from: bAt, bytes: (await ls.signalEncrypt(u8(PT), aAt, b.sessionStore, b.identityStore)).serialize() });
  }
  const skdm = await ls.SenderKeyDistributionMessage.create(a.address, uuid(0), a.senderKeyStore);
  await ls.processSenderKeyDistributionMessage(a.address, skdm, b.senderKeyStore);
  const gms: Uint8Array[] = [];
  for (let i = 0; i < calls('group decrypt 100 B'); i++) gms.push((await ls.groupEncrypt(a.address, uuid(0), a.senderKeyStore, u8(PT))).serialize());
  // A second pair of stores for the sessions that `initiate` keeps replacing and `encrypt` advances.
  const c = libsignalDevice(ls, 'c');
  await ls.processPreKeyBundle(bundle, b.address, c.sessionStore, c.identityStore);
  const d = libsignalDevice(ls, 'd');
  const pdStore = d.senderKeyStore;
  // `initiate` replaces the session it sets up each time, and libsignal archives at most 40 old ones:
  // its own stores, so that a's session with b (the one `decrypt` reads) is never pushed out.
  const e = libsignalDevice(ls, 'e');
  const seq = { first: 0, dec: 0, gdec: 0, create: 1, reply: 0 };
  return new Map<SignalOp, Runner>([
    ['initiate (bundle)', () => ls.processPreKeyBundle(bundle, b.address, e.sessionStore, e.identityStore)],
    ['accept (first message)', () => ls.signalDecryptPreKey(ls.PreKeySignalMessage.deserialize(u8(firsts[seq.first++]!)), a.address, b.sessionStore, b.identityStore, b.preKeyStore, b.signedStore, b.kyberStore)],
    ['encrypt 100 B', () => ls.signalEncrypt(u8(PT), b.address, c.sessionStore, c.identityStore)],
    ['decrypt 100 B', () => ls.signalDecrypt(ls.SignalMessage.deserialize(u8(inChain[seq.dec++]!)), b.address, a.sessionStore, a.identityStore)],
    [
      'decrypt (new chain)',
      () => {
        const r = replies[seq.reply++]!;
        return ls.signalDecrypt(ls.SignalMessage.deserialize(u8(r.bytes)), r.from, a.sessionStore, a.identityStore);
      },
    ],
    ['sender key create', () => ls.SenderKeyDistributionMessage.create(a.address, uuid(seq.create++), a.senderKeyStore)],
    ['process distribution', () => ls.processSenderKeyDistributionMessage(a.address, skdm, pdStore)],
    ['group encrypt 100 B', () => ls.groupEncrypt(a.address, uuid(0), a.senderKeyStore, u8(PT))],
    ['group decrypt 100 B', () => ls.groupDecrypt(a.address, b.senderKeyStore, u8(gms[seq.gdec++]!))],
  ]);
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Native, libsignal and floor batches alternate, round after round, so all three see the same machine
 *  load; each figure is the median of its per-round means. */
async function interleaved(native: Map<SignalOp, Runner>, lib: Map<SignalOp, Runner> | undefined, rounds: number): Promise<Map<SignalOp, { native: number; lib: number | undefined; floor: number | undefined }>> {
  const out = new Map<SignalOp, { native: number; lib: number | undefined; floor: number | undefined }>();
  const calls = primitiveCalls();
  for (const op of SIGNAL_OPS) {
    const batch = BATCH[op];
    const nat: number[] = [];
    const lb: number[] = [];
    const fl: number[] = [];
    const runBatch = async (f: Runner, sink: number[]) => {
      const t0 = cpuMs();
      for (let i = 0; i < batch; i++) await f(i);
      sink.push((cpuMs() - t0) / batch);
    };
    const n = native.get(op)!;
    const l = lib?.get(op);
    const f = floorCall(op, calls);
    // Each operation starts from a collected heap: the garbage of the one before is not charged to it.
    (globalThis as { gc?: () => void }).gc?.();
    for (let r = 0; r <= rounds; r++) {
      await runBatch(n, nat);
      if (l) await runBatch(l, lb);
      if (f) await runBatch(f, fl);
    }
    nat.shift(); // the first round warms up
    lb.shift();
    fl.shift();
    out.set(op, { native: median(nat), lib: l ? median(lb) : undefined, floor: f ? median(fl) : undefined });
  }
  return out;
}

/** XEdDSA verification alone, native (node:crypto Ed25519) and libsignal, alternating batches. */
async function verifyBound(engine: SignalEngine, ls: Libsignal | undefined, rounds: number): Promise<SignalBenchReport['verify']> {
  const id = engine.createIdentity({ randomBytes: streamBytes('sb/verify') });
  const sk = engine.createSenderKey(id, uuidBytes(9));
  const gm = ok(engine.groupEncrypt(id, sk.senderKey, PT)).message;
  const d = decodeSenderKeyDistribution(sk.distribution);
  if (typeof d === 'string') throw new Error(`bench: ${d}`);
  const signingPublic = parsePublic(d.signingKey)!;
  const body = gm.subarray(0, gm.length - 64);
  const sig = gm.subarray(gm.length - 64);
  const native: Runner = () => {
    if (!xeddsaVerify(signingPublic, body, sig)) throw new Error('bench: signature does not verify');
  };
  let lib: Runner | undefined;
  if (ls) {
    const k = ls.PrivateKey.generate();
    const lsBody = Uint8Array.from(body) as Uint8Array<ArrayBuffer>;
    const lsSig = k.sign(lsBody);
    const pub = k.getPublicKey();
    lib = () => {
      if (!pub.verify(lsBody, lsSig)) throw new Error('bench: libsignal signature does not verify');
    };
  }
  const batch = 30;
  const nat: number[] = [];
  const lb: number[] = [];
  const runBatch = (f: Runner, sink: number[]) => {
    const t0 = cpuMs();
    for (let i = 0; i < batch; i++) f(i);
    sink.push((cpuMs() - t0) / batch);
  };
  (globalThis as { gc?: () => void }).gc?.();
  for (let r = 0; r <= rounds; r++) {
    runBatch(native, nat);
    if (lib) runBatch(lib, lb);
  }
  nat.shift();
  lb.shift();
  return { nativeMs: median(nat), libsignalMs: lib ? median(lb) : undefined };
}

/** Real Sender Keys rotation after a removal, all devices in this process: total ms. */
function measuredRemoval(engine: SignalEngine, n: number): number {
  const ids = Array.from({ length: n }, (_, i) => engine.createIdentity({ randomBytes: streamBytes(`sb-rm/${n}/${i}`) }));
  const stores = ids.map((id, i) => engine.createPreKeys(id, { signedPreKeyId: 1, oneTimePreKeyIds: [], lastResortKyberPreKeyId: 1 + i }));
  const sessions = new Map<string, Session>();
  // Pairwise sessions between all remaining members (untimed): i initiates to j for i < j, j answers once.
  const R = n - 1;
  for (let i = 0; i < R; i++)
    for (let j = i + 1; j < R; j++) {
      const u = stores[j]!.upload;
      let si = ok(engine.initiateSession(ids[i]!, { identityKey: u.identityKey, registrationId: u.registrationId, deviceId: 1, signedPreKey: u.signedPreKey, kyberPreKey: u.lastResortKyberPreKey })).session;
      const m = ok(engine.encrypt(ids[i]!, si, PT));
      si = m.session;
      const d = ok(engine.decrypt(ids[j]!, stores[j]!.preKeys, undefined, m.message));
      const back = ok(engine.encrypt(ids[j]!, d.session, PT));
      sessions.set(`${j}>${i}`, back.session);
      sessions.set(`${i}>${j}`, ok(engine.decrypt(ids[i]!, stores[i]!.preKeys, si, back.message)).session);
    }
  const records = new Map<string, SenderKeyRecord | undefined>();
  const own: SenderKey[] = [];
  const t0 = cpuMs();
  for (let i = 0; i < R; i++) {
    const sk = engine.createSenderKey(ids[i]!, uuidBytes(1));
    own.push(sk.senderKey);
    for (let j = 0; j < R; j++) {
      if (j === i) continue;
      const e = ok(engine.encrypt(ids[i]!, sessions.get(`${i}>${j}`)!, sk.distribution));
      sessions.set(`${i}>${j}`, e.session);
      const d = ok(engine.decrypt(ids[j]!, stores[j]!.preKeys, sessions.get(`${j}>${i}`), e.message));
      sessions.set(`${j}>${i}`, d.session);
      records.set(`${j}<${i}`, ok(engine.processSenderKeyDistribution(records.get(`${j}<${i}`), d.plaintext)).record);
    }
  }
  return cpuMs() - t0;
}

async function mlsMembership(engine: MlsEngine, n: number, minMs: number): Promise<MembershipRow['mlsAdd'] & { removeCommitMs: number; removeProcessMs: number }> {
  const f = await buildFixture(engine, 1, n);
  const pair = await pairOn(engine, f, f.filled);
  const [newcomer] = await createMembers(engine, 1, n + 1, [n]);
  const kp = await engine.generateKeyPackage(newcomer!);
  const okm = <T extends { kind: string }>(r: T): Extract<T, { kind: 'ok' | 'accepted' }> => {
    if (r.kind !== 'ok' && r.kind !== 'accepted') throw new Error(`bench: ${JSON.stringify(r)}`);
    return r as Extract<T, { kind: 'ok' | 'accepted' }>;
  };
  const add = okm(await engine.commit(pair.committer, { adds: [kp.keyPackage] }));
  const commitMs = await timeIt(async () => okm(await engine.commit(pair.committer, { adds: [kp.keyPackage] })), minMs, 2);
  const processMs = await timeIt(async () => okm(await engine.processHandshake(pair.receiver, add.commit)), minMs, 2);
  const joinMs = await timeIt(async () => okm(await engine.joinFromWelcome(newcomer!, add.welcome!, kp.keyPackagePrivate)), minMs, 2);
  const victim = [1, 2, 3].find((l) => l !== n - 1 && l < n) ?? 1;
  const rm = okm(await engine.commit(pair.committer, { removes: [victim as never] }));
  const removeCommitMs = await timeIt(async () => okm(await engine.commit(pair.committer, { removes: [victim as never] })), minMs, 2);
  const removeProcessMs = await timeIt(async () => okm(await engine.processHandshake(pair.receiver, rm.commit)), minMs, 2);
  return { commitMs, processMs, joinMs, totalMs: commitMs + (n - 1) * processMs + joinMs, removeCommitMs, removeProcessMs };
}

const fmt = (ms: number | undefined) => (ms === undefined ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : ms >= 10 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b <= 0 ? '-' : `${(a / b).toFixed(2)}x`);

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')).join('\n');
}

export function formatSignalTables(r: SignalBenchReport): string {
  const ops = table(
    ['operation', 'native ms', 'libsignal ms', 'native/libsignal', 'floor ms', 'native/floor', 'floor/libsignal'],
    r.ops.map((o) => [o.op, fmt(o.nativeMs), fmt(o.libsignalMs), ratio(o.nativeMs, o.libsignalMs), fmt(o.floorMs), ratio(o.nativeMs, o.floorMs), ratio(o.floorMs, o.libsignalMs)]),
  );
  const bound = `signature check alone (in every group decrypt): node:crypto Ed25519 ${fmt(r.verify.nativeMs)} ms, libsignal ${fmt(r.verify.libsignalMs)} ms (${ratio(r.verify.nativeMs, r.verify.libsignalMs)})`;
  const mem = table(
    ['N', 'SK add ms', 'SK remove ms', '(measured)', 'libsignal add', 'libsignal remove', 'pairwise msgs', 'MLS add commit', 'process', 'join', 'MLS add total', 'MLS rm commit', 'process', 'MLS rm total', 'SK rm / MLS rm'],
    r.membership.map((m) => [
      String(m.n),
      fmt(m.signalAddMs),
      fmt(m.signalRemoveMs),
      fmt(m.signalRemoveMeasuredMs),
      fmt(m.libsignalAddMs),
      fmt(m.libsignalRemoveMs),
      String(m.removePairwiseMessages),
      fmt(m.mlsAdd.commitMs),
      fmt(m.mlsAdd.processMs),
      fmt(m.mlsAdd.joinMs),
      fmt(m.mlsAdd.totalMs),
      fmt(m.mlsRemove.commitMs),
      fmt(m.mlsRemove.processMs),
      fmt(m.mlsRemove.totalMs),
      ratio(m.signalRemoveMs, m.mlsRemove.totalMs),
    ]),
  );
  return `${ops}\n${bound}\n\nmembership change, total compute over all devices (SK = Sender Keys, native engine; MLS = sim/mls native, suite 1):\n${mem}`;
}

export async function runSignalBench(options: SignalBenchOptions = {}): Promise<SignalBenchReport> {
  const started = performance.now(); // wall-clock ok
  const quick = options.quick === true;
  const log = options.log ?? ((l: string) => console.log(l));
  const ns = options.ns ?? (quick ? [8, 128] : [2, 8, 32, 128, 512, 1024]);
  for (const n of ns) if (!Number.isInteger(n) || n < 2) throw new RangeError(`ns: expected group sizes >= 2, got ${n}`);
  const rounds = quick ? 9 : 15;
  const primitives = measurePrimitives(quick ? 30 : 150);
  const engine = createNativeSignalEngine();
  const ls = await loadLibsignal();
  if (!ls) log('libsignal-client is not installed (a devDependency): its column is empty');
  const measured = await interleaved(nativeRunners(engine), ls ? await libsignalRunners(ls, (op) => BATCH[op] * (rounds + 1) + 2) : undefined, rounds);
  const native = new Map(SIGNAL_OPS.map((op) => [op, measured.get(op)!.native]));
  const lib = ls ? new Map(SIGNAL_OPS.map((op) => [op, measured.get(op)!.lib!])) : undefined;
  const ops = SIGNAL_OPS.map((op) => ({ op, nativeMs: native.get(op)!, libsignalMs: lib?.get(op), floorMs: measured.get(op)!.floor }));
  const verify = await verifyBound(engine, ls, rounds);
  // A distribution message usually opens a new chain at its receiver (the pair's last exchange turned
  // the ratchet), so it is counted as a decrypt with a DH ratchet step.
  const per = (m: Map<SignalOp, number>) => m.get('encrypt 100 B')! + m.get('decrypt (new chain)')! + m.get('process distribution')!;
  const mls = createTsMlsEngine({ crypto: 'native' });
  const membership: MembershipRow[] = [];
  for (const n of ns) {
    const t = performance.now(); // wall-clock ok
    const m = await mlsMembership(mls, n, quick ? 40 : 150);
    const R = n - 1;
    const model = (x: Map<SignalOp, number>) => ({ add: x.get('sender key create')! + 2 * n * per(x), remove: R * x.get('sender key create')! + R * (R - 1) * per(x) });
    const nat = model(native);
    const lb = lib ? model(lib) : undefined;
    const measuredN = quick ? 8 : 32;
    membership.push({
      n,
      signalAddMs: nat.add,
      signalRemoveMs: nat.remove,
      libsignalAddMs: lb?.add,
      libsignalRemoveMs: lb?.remove,
      signalRemoveMeasuredMs: n <= measuredN ? measuredRemoval(engine, n) : undefined,
      removePairwiseMessages: R * (R - 1),
      mlsAdd: { commitMs: m.commitMs, processMs: m.processMs, joinMs: m.joinMs, totalMs: m.totalMs },
      mlsRemove: { commitMs: m.removeCommitMs, processMs: m.removeProcessMs, totalMs: m.removeCommitMs + Math.max(0, n - 2) * m.removeProcessMs },
    });
    log(`N=${n}: measured in ${((performance.now() - t) / 1000).toFixed(1)} s`); // wall-clock ok
  }
  const report: SignalBenchReport = {
    meta: { node: process.version, cpus: availableParallelism(), quick, date: new Date().toISOString(), seconds: (performance.now() - started) / 1000, libsignal: ls ? '0.90.0' : undefined }, // wall-clock ok
    primitives,
    ops,
    membership,
    verify,
  };
  log(formatSignalTables(report));
  log(`(${report.meta.seconds.toFixed(0)} s, node ${report.meta.node}, ${report.meta.cpus} cpus)`);
  if (options.json !== undefined) writeFileSync(options.json, JSON.stringify(report, null, 2));
  return report;
}

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const ns = argValue(args, '--n')?.split(',').map(Number);
  await runSignalBench({ quick: args.includes('--quick'), ...(argValue(args, '--json') === undefined ? {} : { json: argValue(args, '--json')! }), ...(ns === undefined ? {} : { ns }) });
}
