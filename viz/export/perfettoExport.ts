import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceRecord } from '../../sim/trace/records.ts';

/**
 * One Chrome trace-event (the JSON format Perfetto and chrome://tracing open). `X` is a complete
 * slice, `M` metadata naming a process or thread. Flows use the v2 fields: a slice with `bind_id` and
 * `flow_out` starts a flow that the slice with the same `bind_id` and `flow_in` ends.
 */
export interface TraceEvent {
  readonly ph: 'X' | 'M';
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, string | number>>;
  readonly bind_id?: string;
  readonly flow_in?: true;
  readonly flow_out?: true;
}

interface Slice {
  readonly node: string;
  readonly ts: number;
  dur: number;
  readonly name: string;
  readonly cat: string;
  readonly args: Record<string, string | number>;
  bindId?: string;
  flowIn?: true;
  flowOut?: true;
}

/** The provider (or server, or attacker) a node belongs to: one Perfetto process each. */
const ownerOf = (node: string) => (node.startsWith('attacker/') ? node : node.split('/')[0]!);

/**
 * Builds the trace events of a run: a track per node (a node whose envelopes overlap in its queue
 * gets as many tracks as it needs, since slices on one track must nest), a slice per envelope a node
 * handled (arrival to departure), per send, per MLS operation, per outcome and per decryption by a
 * party that is not an intended endpoint; and one flow per hop, from the send slice where the
 * envelope left to the slice where it arrived. Times are the trace's virtual microseconds.
 */
export async function perfettoEvents(records: AsyncIterable<TraceRecord>): Promise<TraceEvent[]> {
  const slices: Slice[] = [];
  const arrived = new Map<string, Slice>();
  const envLeft = new Map<string, { node: string; t: number }>();
  const msgLeft = new Map<string, number>();
  const sent = new Map<string, { from: string; t: number }>();
  let hop = 0;
  const slice = (node: string, ts: number, name: string, cat: string, args: Record<string, string | number>): Slice => {
    const s: Slice = { node, ts, dur: 1, name, cat, args };
    slices.push(s);
    return s;
  };
  for await (const r of records) {
    switch (r.type) {
      case 'send':
        sent.set(r.msg, { from: r.from, t: r.t });
        slice(r.from, r.t, `send ${r.msg}`, 'message', { msg: r.msg, kind: r.kind, recipients: r.to.length, bytes: r.bytes });
        break;
      case 'hop-enqueue': {
        // Where the envelope left `from`: its dequeue there, the message's send, or the dequeue of the envelope that brought the message.
        const left = envLeft.get(r.env);
        const departed = left?.node === r.from ? left.t : r.msg !== undefined && sent.get(r.msg)?.from === r.from ? sent.get(r.msg)!.t : r.msg !== undefined ? msgLeft.get(`${r.msg}|${r.from}`) : undefined;
        const id = `h${++hop}`;
        const what = r.msg ?? r.env;
        const out = slice(r.from, Math.min(departed ?? r.t, r.t), `${r.kind} ${what} → ${r.node}`, `depart-${r.kind}`, { env: r.env, to: r.node, bytes: r.bytes, ...(r.msg !== undefined && { msg: r.msg }), ...(departed === undefined && { departure: 'not recorded: drawn at arrival' }) });
        const arrive = slice(r.node, r.t, `${r.kind} ${what}`, r.kind, { env: r.env, from: r.from, bytes: r.bytes, payload: r.payload, ...(r.msg !== undefined && { msg: r.msg }) });
        Object.assign(out, { bindId: id, flowOut: true });
        Object.assign(arrive, { bindId: id, flowIn: true });
        arrived.set(`${r.env}|${r.node}`, arrive);
        break;
      }
      case 'hop-dequeue': {
        const s = arrived.get(`${r.env}|${r.node}`);
        if (s !== undefined) {
          s.dur = Math.max(1, r.t - s.ts);
          arrived.delete(`${r.env}|${r.node}`);
          const msg = s.args.msg;
          if (typeof msg === 'string') msgLeft.set(`${msg}|${r.node}`, r.t);
        }
        envLeft.set(r.env, { node: r.node, t: r.t });
        break;
      }
      case 'wire-drop':
        slice(r.node, r.t, `lost ${r.kind} ${r.msg ?? r.env}: ${r.reason}`, 'lost', { env: r.env, from: r.from, reason: r.reason, ...(r.msg !== undefined && { msg: r.msg }) });
        break;
      case 'deliver':
        slice(r.to, r.t, `delivered ${r.msg}`, 'outcome', { msg: r.msg, latency_us: r.latency });
        break;
      case 'drop':
        slice(r.to, r.t, `dropped ${r.msg}: ${r.reason}`, 'outcome', { msg: r.msg, reason: r.reason });
        break;
      case 'reject':
        slice(r.to, r.t, `rejected ${r.msg}: ${r.reason}`, 'outcome', { msg: r.msg, reason: r.reason, by: r.by });
        break;
      case 'mls':
        slice(r.by, r.t, `mls ${r.op}`, 'mls', { group: r.group, epoch: r.epoch, bytes: r.bytes, ...(r.outcome !== undefined && { outcome: r.outcome }) });
        break;
      case 'expose':
        slice(r.by, r.t, `decrypted ${r.msg} as ${r.as} (not an intended endpoint)`, 'expose', { msg: r.msg, as: r.as });
        break;
      case 'plaintext-observed':
        slice(r.by, r.t, `decrypted ${r.msg} as bridge (not an intended endpoint)`, 'expose', { msg: r.msg, as: 'bridge' });
        break;
      case 'skip':
        if (r.by !== undefined) slice(r.by, r.t, `skipped a message to ${r.conversation}: ${r.reason}`, 'outcome', { conversation: r.conversation, reason: r.reason });
        break;
      case 'decrypt':
      case 'verify':
      case 'note':
        break;
      default: {
        const never: never = r;
        throw new Error(`unhandled record ${JSON.stringify(never)}`);
      }
    }
  }
  return layout(slices);
}

/** Assigns every slice a track: per node, the first track free at its start (greedy interval partitioning). */
function layout(slices: Slice[]): TraceEvent[] {
  const byNode = new Map<string, Slice[]>();
  for (const s of slices) {
    let list = byNode.get(s.node);
    if (list === undefined) byNode.set(s.node, (list = []));
    list.push(s);
  }
  const owners = [...new Set([...byNode.keys()].map(ownerOf))].sort();
  const pidOf = new Map(owners.map((o, i) => [o, i + 1]));
  const meta: TraceEvent[] = owners.map((o) => ({ ph: 'M', name: 'process_name', pid: pidOf.get(o)!, tid: 0, args: { name: o } }));
  const events: TraceEvent[] = [];
  let tid = 0;
  for (const node of [...byNode.keys()].sort()) {
    const pid = pidOf.get(ownerOf(node))!;
    const list = byNode.get(node)!.map((s, i) => ({ s, i })).sort((a, b) => a.s.ts - b.s.ts || a.i - b.i).map((x) => x.s);
    const ends: number[] = [];
    const tids: number[] = [];
    for (const s of list) {
      let lane = ends.findIndex((end) => end <= s.ts);
      if (lane < 0) {
        lane = ends.length;
        ends.push(0);
        tids.push(++tid);
        meta.push({ ph: 'M', name: 'thread_name', pid, tid, args: { name: lane === 0 ? node : `${node} (${lane + 1})` } });
        meta.push({ ph: 'M', name: 'thread_sort_index', pid, tid, args: { sort_index: tid } });
      }
      ends[lane] = s.ts + s.dur;
      events.push({
        ph: 'X', name: s.name, cat: s.cat, pid, tid: tids[lane]!, ts: s.ts, dur: s.dur, args: s.args,
        ...(s.bindId !== undefined && { bind_id: s.bindId }), ...(s.flowIn && { flow_in: true as const }), ...(s.flowOut && { flow_out: true as const }),
      });
    }
  }
  return [...meta, ...events];
}

/** Writes `{"traceEvents": [...]}` one event per line (a large run never becomes one giant string). */
export function writeTraceEvents(events: readonly TraceEvent[], outFile: string): number {
  const fd = openSync(outFile, 'w');
  let bytes = 0;
  const put = (s: string) => (bytes += writeSync(fd, s));
  try {
    put('{"displayTimeUnit":"ms","otherData":{"source":"interop-sim","clock":"virtual microseconds"},"traceEvents":[\n');
    let chunk: string[] = [];
    events.forEach((e, i) => {
      chunk.push(JSON.stringify(e) + (i < events.length - 1 ? ',\n' : '\n'));
      if (chunk.length >= 5000) (put(chunk.join('')), (chunk = []));
    });
    put(chunk.join(''));
    put(']}\n');
  } finally {
    closeSync(fd);
  }
  return bytes;
}
