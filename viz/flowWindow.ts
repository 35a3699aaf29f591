import type { Lane, Lanes } from './lanes.ts';
import { ARROW_CLASSES, DEPARTURES, EVENT_TYPES, type ArrowClass, type TraceIndex } from './traceIndex.ts';
import { rowOf } from './columns.ts';

/** One hop as the browser draws it: lanes `a` -> `b`, from t0 to t1 (virtual microseconds). */
export interface FlowArrow {
  readonly id: number;
  readonly t0: number;
  readonly t1: number;
  readonly a: number;
  readonly b: number;
  readonly kind: string;
  readonly cls: ArrowClass;
  readonly bytes: number;
  readonly msg: string | null;
  readonly env: string;
  /** Why the envelope was lost, for a drop arrow. */
  readonly reason?: string;
  /** True when the trace does not date the departure (first hop of a handshake): t0 is estimated. */
  readonly estimated?: true;
}

/** A point on a lane: a party that is not an endpoint decrypting a message (and as what), or a rejection. */
export interface FlowMark {
  readonly t: number;
  readonly lane: number;
  readonly type: 'expose' | 'reject';
  readonly by: string;
  readonly msg: string;
  /** For `expose`: bridge, attacker, ghost-device, provider, stranger or client-vendor. */
  readonly as?: string;
}

export interface FlowWindow {
  readonly from: number;
  readonly to: number;
  readonly limit: number;
  /** Arrows overlapping [from, to). */
  readonly total: number;
  readonly truncated: boolean;
  /** Arrival time of the last arrow returned: the window actually shown when truncated. */
  readonly coveredTo: number;
  readonly lanes: readonly Lane[];
  readonly arrows: readonly FlowArrow[];
  readonly marks: readonly FlowMark[];
}

/** First arrow index whose arrival is at or after `t` (arrows are in arrival order). */
export function firstArrivingAt(t1: Float64Array, t: number): number {
  let lo = 0, hi = t1.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t1[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const EXPOSE = EVENT_TYPES.indexOf('expose');
const REJECT = EVENT_TYPES.indexOf('reject');
const ESTIMATED = new Set([DEPARTURES.indexOf('link-latency'), DEPARTURES.indexOf('unknown')]);

export function arrowJson(index: TraceIndex, lanes: Lanes, i: number): FlowArrow {
  const { arrows: a } = index;
  const msg = a.msg[i]!, reason = a.reason[i]!;
  return {
    id: i,
    t0: a.t0[i]!,
    t1: a.t1[i]!,
    a: lanes.laneOf[a.from[i]!]!,
    b: lanes.laneOf[a.to[i]!]!,
    kind: index.kinds.at(a.kind[i]!),
    cls: ARROW_CLASSES[a.cls[i]!]!,
    bytes: a.bytes[i]!,
    msg: msg >= 0 ? index.msgIds.at(msg) : null,
    env: index.envIds.at(a.env[i]!),
    ...(reason >= 0 && { reason: index.strings.at(reason) }),
    ...(ESTIMATED.has(a.departure[i]!) && { estimated: true as const }),
  };
}

/**
 * The arrows overlapping [from, to), at most `limit` of them in arrival order, with the marks of the
 * messages they carry. Cost: a binary search plus a scan of the window, never of the whole trace.
 */
export function flowWindow(index: TraceIndex, lanes: Lanes, from: number, to: number, limit: number): FlowWindow {
  const { arrows } = index;
  const out: FlowArrow[] = [];
  const msgs = new Set<number>();
  let total = 0;
  const end = to + index.maxSpan;
  for (let i = firstArrivingAt(arrows.t1, from); i < arrows.count && arrows.t1[i]! < end; i++) {
    if (arrows.t0[i]! >= to) continue;
    total++;
    if (out.length < limit) {
      out.push(arrowJson(index, lanes, i));
      if (arrows.msg[i]! >= 0) msgs.add(arrows.msg[i]!);
    }
  }
  const coveredTo = out.length === 0 ? to : total > out.length ? out[out.length - 1]!.t1 : Math.max(to, out[out.length - 1]!.t1);
  const marks: FlowMark[] = [];
  const { events } = index;
  for (const m of msgs) {
    for (const e of rowOf(index.eventsByMsg, m)) {
      const type = events.type[e]!;
      if (type !== EXPOSE && type !== REJECT) continue;
      const t = events.t[e]!;
      if (t < from || t > coveredTo || marks.length >= limit) continue;
      const by = type === REJECT ? events.by[e]! : events.node[e]!;
      const mark = { t, lane: lanes.laneOf[by]!, by: index.nodes.at(by), msg: index.msgIds.at(m) };
      marks.push(type === REJECT ? { ...mark, type: 'reject' } : { ...mark, type: 'expose', as: index.strings.at(events.reason[e]!) });
    }
  }
  marks.sort((x, y) => x.t - y.t);
  return { from, to, limit, total, truncated: total > out.length, coveredTo, lanes: lanes.lanes, arrows: out, marks };
}

export interface Histogram {
  readonly t0: number;
  readonly binWidth: number;
  readonly bins: number;
  /** Arrows arriving in each bin, by class. */
  readonly counts: Readonly<Record<ArrowClass, readonly number[]>>;
}

/** Arrow arrivals over the whole run in `bins` equal slices: the overview behind the scrubbers. */
export function histogram(index: TraceIndex, bins: number): Histogram {
  const t0 = index.tMin;
  const binWidth = Math.max(1, Math.ceil((index.tMax + 1 - t0) / bins));
  const counts = ARROW_CLASSES.map(() => new Array<number>(bins).fill(0));
  const { arrows } = index;
  for (let i = 0; i < arrows.count; i++) {
    const bin = Math.min(bins - 1, Math.floor((arrows.t1[i]! - t0) / binWidth));
    counts[arrows.cls[i]!]![bin]!++;
  }
  return { t0, binWidth, bins, counts: Object.fromEntries(ARROW_CLASSES.map((c, i) => [c, counts[i]!])) as Record<ArrowClass, number[]> };
}
