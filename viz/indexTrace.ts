import { createReadStream } from 'node:fs';
import type { TraceRecord } from '../sim/trace/records.ts';
import { Interner, buildCsr, f64, i32, u32, u8 } from './columns.ts';
import { checkRecord } from './recordCheck.ts';
import { ARROW_CLASSES, DEPARTURES, EVENT_TYPES, HANDSHAKE_KINDS, TraceFormatError, type ArrowClass, type Departure, type EventType, type GroupTrack, type TraceIndex } from './traceIndex.ts';

export interface IndexOptions {
  /** How the file is named in error messages, e.g. `run1/trace.jsonl`. */
  readonly label: string;
  /** Mean one-way latency of link a-b in microseconds, to place the departure of a first hop no record dates. */
  readonly linkLatencyUs?: (a: string, b: string) => number | undefined;
}

/** Lines longer than this are refused: a trace line is a few hundred bytes. */
export const MAX_LINE_CHARS = 1 << 20;

type Dequeue = Extract<TraceRecord, { type: 'hop-dequeue' }>;
const DEQUEUE = /^\{"env":"([^"\\]*)","node":"([^"\\]*)","t":(\d{1,15}),"type":"hop-dequeue"\}$/;

/** Node numbers below this key the message-at-node table (a run has far fewer nodes). */
const NODE_SLOTS = 1 << 20;

const cls = (c: ArrowClass) => ARROW_CLASSES.indexOf(c);
const dep = (d: Departure) => DEPARTURES.indexOf(d);
const evt = (e: EventType) => EVENT_TYPES.indexOf(e);

/**
 * Builds a TraceIndex from trace lines fed in order. Holds columns and interned ids only: the lines
 * themselves are dropped as soon as they are parsed.
 */
export class TraceIndexBuilder {
  private readonly nodes = new Interner();
  private readonly kinds = new Interner();
  private readonly strings = new Interner();
  private readonly msgIds = new Interner();
  private readonly envIds = new Interner();
  private readonly counts: Record<string, number> = {};
  private unknownRecords = 0;
  private lines = 0;
  private tMin = Infinity;
  private tMax = -Infinity;
  private sorted = true;
  private maxSpan = 0;

  private readonly a = { t0: f64(), t1: f64(), from: u32(), to: u32(), bytes: u32(), kind: u32(), msg: i32(), env: i32(), reason: i32(), departure: u8() };
  private readonly m = { sendT: f64(), from: i32(), kind: i32(), bytes: u32(), recipients: u32(), relayT: f64(), relayBy: i32(), exposures: u32() };
  private readonly e = { msg: i32(), type: u8(), node: u32(), t: f64(), reason: i32(), by: i32() };
  /** Per envelope: the node of its last recorded hop, when it left that node (NaN until dequeued), its size. */
  private readonly envAt = i32();
  private readonly envLeft = f64();
  private readonly envBytes = u32();
  private readonly envMsg = i32();
  /** When a message's envelope left a node, keyed msg * 2^20 + node: a forwarded copy departs then. */
  private readonly msgLeft = new Map<number, number>();
  private readonly rejectedAt = new Set<string>();
  private readonly groups = new Map<string, GroupTrack>();

  constructor(private readonly options: IndexOptions) {}

  /** Parses and indexes one line (1-based `lineNo`); throws TraceFormatError naming the file and line. */
  add(line: string, lineNo: number): void {
    this.lines = lineNo;
    // A third of a trace is hop-dequeue lines; in canonical form (sorted keys, no escapes) they match
    // this exactly, which is also valid JSON of the right shape, so they skip the general parse.
    const dq = DEQUEUE.exec(line);
    if (dq !== null) {
      this.record({ type: 'hop-dequeue', t: Number(dq[3]), env: dq[1], node: dq[2] } as Dequeue);
      return;
    }
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw this.error(lineNo, `invalid JSON (${oneLine((e as Error).message)})`);
    }
    const checked = checkRecord(value);
    if (checked.kind === 'invalid') throw this.error(lineNo, checked.problem);
    if (checked.kind === 'unknown-type') {
      this.unknownRecords++;
      return;
    }
    this.record(checked.record);
  }

  error(lineNo: number, problem: string): TraceFormatError {
    return new TraceFormatError(`${this.options.label}:${lineNo}: ${problem}`);
  }

  private record(r: TraceRecord): void {
    this.counts[r.type] = (this.counts[r.type] ?? 0) + 1;
    if (r.t < this.tMin) this.tMin = r.t;
    if (r.t > this.tMax) this.tMax = r.t;
    switch (r.type) {
      case 'send': {
        const m = this.message(r.msg);
        this.m.sendT.set(m, r.t);
        this.m.from.set(m, this.nodes.intern(r.from));
        this.m.kind.set(m, this.kinds.intern(r.kind));
        this.m.bytes.set(m, r.bytes);
        this.m.recipients.set(m, r.to.length);
        for (const to of r.to) this.nodes.intern(to);
        return;
      }
      case 'hop-enqueue': {
        const env = this.envelope(r.env);
        const from = this.nodes.intern(r.from);
        const to = this.nodes.intern(r.node);
        const msg = r.msg === undefined ? -1 : this.message(r.msg);
        const [t0, how] = this.departure(env, from, to, msg, r.t);
        this.arrow(t0, r.t, from, to, r.bytes, r.kind, msg, env, -1, how);
        this.envMsg.set(env, msg);
        this.envAt.set(env, to);
        this.envLeft.set(env, NaN);
        this.envBytes.set(env, r.bytes);
        return;
      }
      case 'hop-dequeue': {
        const env = this.envIds.lookup(r.env);
        const node = this.nodes.lookup(r.node);
        if (env === undefined || node === undefined || this.envAt.get(env) !== node) return;
        this.envLeft.set(env, r.t);
        const msg = this.envMsg.get(env);
        if (msg >= 0) this.msgLeft.set(msg * NODE_SLOTS + node, r.t);
        return;
      }
      case 'wire-drop': {
        const env = this.envelope(r.env);
        const node = this.nodes.intern(r.node);
        const last = this.envAt.get(env);
        const from = last >= 0 ? last : this.nodes.intern(r.from);
        const msg = r.msg === undefined ? -1 : this.message(r.msg);
        const [t0, how] = from === node ? [r.t, 'dequeue' as const] : this.departure(env, from, node, msg, r.t);
        this.arrow(t0, r.t, from, node, this.envBytes.get(env), r.kind, msg, env, this.strings.intern(r.reason), how);
        return;
      }
      case 'deliver':
        return this.event(r.msg, 'deliver', r.to, r.t);
      case 'drop':
        return this.event(r.msg, 'drop', r.to, r.t, r.reason);
      case 'reject': {
        this.event(r.msg, 'reject', r.to, r.t, r.reason, r.by);
        const m = this.message(r.msg);
        this.rejectedAt.add(`${m}:${this.nodes.intern(r.to)}`).add(`${m}:${this.nodes.intern(r.by)}`);
        return;
      }
      case 'decrypt':
        return this.event(r.msg, r.ok ? 'decrypt-ok' : 'decrypt-failed', r.by, r.t, r.reason);
      case 'plaintext-observed':
        // Older traces: the re-encrypting bridge's decryption.
        this.exposed(r.msg, r.t, r.by, true);
        return this.event(r.msg, 'expose', r.by, r.t, 'bridge');
      case 'expose':
        this.exposed(r.msg, r.t, r.by, r.as === 'bridge');
        return this.event(r.msg, 'expose', r.by, r.t, r.as);
      case 'mls': {
        const g = this.group(r.group);
        if (r.epoch >= 0) this.epoch(g, r.epoch, r.t);
        const op = { t: r.t, op: r.op, by: this.nodes.intern(r.by), epoch: r.epoch, bytes: r.bytes };
        if (r.outcome !== undefined) g.failures.push({ ...op, outcome: r.outcome });
        else if (r.op.startsWith('commit')) g.commits.push(op);
        return;
      }
      case 'verify': {
        const e = this.epoch(this.group(r.group), r.epoch, r.t);
        e.members.add(this.nodes.intern(r.by));
        if (!r.ok) e.mismatches++;
        return;
      }
      case 'note':
      case 'skip':
        return;
      default: {
        const never: never = r;
        throw new Error(`unhandled record ${JSON.stringify(never)}`);
      }
    }
  }

  private exposed(id: string, t: number, by: string, relay: boolean): void {
    const m = this.message(id);
    this.m.exposures.set(m, this.m.exposures.get(m) + 1);
    const first = this.m.relayT.get(m);
    if (relay && !(first <= t)) {
      this.m.relayT.set(m, t);
      this.m.relayBy.set(m, this.nodes.intern(by));
    }
  }

  /** When the envelope left `from`: its dequeue there, else the message's send, else one link latency earlier. */
  private departure(env: number, from: number, to: number, msg: number, t: number): [number, Departure] {
    const left = this.envLeft.get(env);
    if (this.envAt.get(env) === from && !Number.isNaN(left)) return [Math.min(left, t), 'dequeue'];
    if (msg >= 0) {
      if (this.m.from.get(msg) === from && !Number.isNaN(this.m.sendT.get(msg))) return [Math.min(this.m.sendT.get(msg), t), 'send'];
      const forwarded = from < NODE_SLOTS ? this.msgLeft.get(msg * NODE_SLOTS + from) : undefined;
      if (forwarded !== undefined) return [Math.min(forwarded, t), 'forward'];
    }
    const lat = this.options.linkLatencyUs?.(this.nodes.at(from), this.nodes.at(to));
    if (lat !== undefined && lat > 0) return [Math.max(0, t - Math.round(lat)), 'link-latency'];
    return [t, 'unknown'];
  }

  private arrow(t0: number, t1: number, from: number, to: number, bytes: number, kind: string, msg: number, env: number, reason: number, how: Departure): void {
    const a = this.a;
    if (a.t1.length > 0 && t1 < a.t1.get(a.t1.length - 1)) this.sorted = false;
    if (t1 - t0 > this.maxSpan) this.maxSpan = t1 - t0;
    a.t0.push(t0);
    a.t1.push(t1);
    a.from.push(from);
    a.to.push(to);
    a.bytes.push(bytes);
    a.kind.push(this.kinds.intern(kind));
    a.msg.push(msg);
    a.env.push(env);
    a.reason.push(reason);
    a.departure.push(dep(how));
  }

  private event(msg: string, type: EventType, node: string, t: number, reason?: string, by?: string): void {
    this.e.msg.push(this.message(msg));
    this.e.type.push(evt(type));
    this.e.node.push(this.nodes.intern(node));
    this.e.t.push(t);
    this.e.reason.push(reason === undefined ? -1 : this.strings.intern(reason));
    this.e.by.push(by === undefined ? -1 : this.nodes.intern(by));
  }

  private message(id: string): number {
    const m = this.msgIds.intern(id);
    if (m === this.m.sendT.length) {
      this.m.sendT.push(NaN);
      this.m.from.push(-1);
      this.m.kind.push(-1);
      this.m.bytes.push(0);
      this.m.recipients.push(0);
      this.m.relayT.push(NaN);
      this.m.relayBy.push(-1);
      this.m.exposures.push(0);
    }
    return m;
  }

  private envelope(id: string): number {
    const e = this.envIds.intern(id);
    if (e === this.envAt.length) {
      this.envAt.push(-1);
      this.envLeft.push(NaN);
      this.envBytes.push(0);
      this.envMsg.push(-1);
    }
    return e;
  }

  private group(name: string): GroupTrack {
    let g = this.groups.get(name);
    if (g === undefined) this.groups.set(name, (g = { epochs: new Map(), commits: [], failures: [] }));
    return g;
  }

  private epoch(g: GroupTrack, epoch: number, t: number) {
    let e = g.epochs.get(epoch);
    if (e === undefined) g.epochs.set(epoch, (e = { t, members: new Set(), mismatches: 0 }));
    return e;
  }

  finish(): TraceIndex {
    const a = this.a;
    let cols = {
      t0: a.t0.freeze(), t1: a.t1.freeze(), from: a.from.freeze(), to: a.to.freeze(), bytes: a.bytes.freeze(), kind: a.kind.freeze(),
      msg: a.msg.freeze(), env: a.env.freeze(), reason: a.reason.freeze(), departure: a.departure.freeze(),
    };
    if (!this.sorted) cols = reorder(cols, sortedOrder(cols.t1));
    const count = cols.t1.length;
    const arrowCls = new Uint8Array(count);
    const relayT = this.m.relayT.freeze();
    const relayBy = this.m.relayBy.freeze();
    const cleartext = this.kinds.lookup('cleartext') ?? -1;
    for (let i = 0; i < count; i++) {
      const msg = cols.msg[i]!;
      let c: ArrowClass;
      if (cols.reason[i]! >= 0) c = 'dropped';
      else if (msg >= 0 && this.rejectedAt.has(`${msg}:${cols.to[i]}`)) c = 'rejected';
      // Protection per hop: what this hop carried, not what became of the message elsewhere.
      else if (cols.kind[i] === cleartext) c = 'plaintext';
      // After the relay decrypted, or leaving the relay itself: its re-encryption, not the sender's.
      else if (msg >= 0) c = cols.t0[i]! >= relayT[msg]! || cols.from[i] === relayBy[msg] ? 'reencrypted' : 'e2ee';
      else {
        const kind = this.kinds.at(cols.kind[i]!);
        c = HANDSHAKE_KINDS.has(kind) ? 'handshake' : kind === 'application' ? 'e2ee' : 'control';
      }
      arrowCls[i] = cls(c);
    }
    const events = {
      count: this.e.msg.length, msg: this.e.msg.freeze(), type: this.e.type.freeze(), node: this.e.node.freeze(), t: this.e.t.freeze(),
      reason: this.e.reason.freeze(), by: this.e.by.freeze(),
    };
    return {
      file: this.options.label,
      lines: this.lines,
      counts: { ...this.counts },
      unknownRecords: this.unknownRecords,
      tMin: Number.isFinite(this.tMin) ? this.tMin : 0,
      tMax: Number.isFinite(this.tMax) ? this.tMax : 0,
      nodes: this.nodes,
      kinds: this.kinds,
      strings: this.strings,
      msgIds: this.msgIds,
      envIds: this.envIds,
      arrows: { count, ...cols, cls: arrowCls },
      messages: {
        count: this.msgIds.size, sendT: this.m.sendT.freeze(), from: this.m.from.freeze(), kind: this.m.kind.freeze(), bytes: this.m.bytes.freeze(),
        recipients: this.m.recipients.freeze(), relayT, exposures: this.m.exposures.freeze(),
      },
      events,
      groups: this.groups,
      arrowsByMsg: buildCsr(this.msgIds.size, cols.msg),
      arrowsByEnv: buildCsr(this.envIds.size, cols.env),
      eventsByMsg: buildCsr(this.msgIds.size, events.msg),
      maxSpan: this.maxSpan,
    };
  }
}

function sortedOrder(keys: Float64Array): Uint32Array {
  const order = Uint32Array.from(keys.keys());
  // Stable by construction: ties keep trace order.
  return order.sort((x, y) => keys[x]! - keys[y]! || x - y);
}

function reorder<T extends Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array>>(cols: T, order: Uint32Array): T {
  const out: Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array> = {};
  for (const [name, col] of Object.entries(cols)) {
    const copy = col.slice();
    order.forEach((from, i) => (copy[i] = col[from]!));
    out[name] = copy;
  }
  return out as T;
}

const oneLine = (s: string) => {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 160)}...` : flat;
};

/**
 * Reads a trace file line by line through a fixed-size stream buffer (memory stays bounded by the
 * index, never the file) and returns its index. Throws TraceFormatError for the first bad line.
 */
export async function indexTrace(path: string, options: IndexOptions): Promise<TraceIndex> {
  const builder = new TraceIndexBuilder(options);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let lineNo = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl < 0) {
        rest += chunk;
      } else {
        builder.add(rest + chunk.slice(0, nl), ++lineNo);
        start = nl + 1;
        while ((nl = chunk.indexOf('\n', start)) >= 0) {
          builder.add(chunk.slice(start, nl), ++lineNo);
          start = nl + 1;
        }
        rest = chunk.slice(start);
      }
      if (rest.length > MAX_LINE_CHARS) throw builder.error(lineNo + 1, `line longer than ${MAX_LINE_CHARS} characters`);
    }
  } finally {
    stream.destroy();
  }
  if (rest !== '') builder.add(rest, ++lineNo);
  return builder.finish();
}
