// Garbage-collection pauses during a run, and how much of each kind lands outside the crypto clock's
// spans (what `other %` counts). A pause inside a span is charged to MLS by the clock, one outside to the
// simulation; this says which, so a collection caused by MLS's garbage but paid between events would
// show here. Wall time from node's `gc` performance entries, in the clock's time base (performance.now).
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface GcPauseKind {
  /** scavenge, mark-compact, incremental or weak callbacks (node's perf_hooks kinds). */
  readonly kind: string;
  readonly pauses: number;
  /** Wall milliseconds of pause in all. */
  readonly ms: number;
  /** Of that, milliseconds outside every crypto-clock span. */
  readonly outsideMs: number;
}

const KIND_NAMES: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/**
 * Watches collections while a run goes: told each stretch the crypto clock's total gains (`span`, from
 * CryptoClock.onUnion) and the run's own window (`window`), it lays every pause in that window beside the spans.
 */
export class GcPauses {
  private readonly observer: PerformanceObserver;
  private readonly entries: PerformanceEntry[] = [];
  private spans = new Float64Array(1 << 16);
  private count = 0;
  private from = -Infinity;
  private to = Infinity;

  constructor() {
    this.observer = new PerformanceObserver((list) => void this.entries.push(...list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** A stretch [from, to] of the clock's union, in performance.now() milliseconds. */
  span(from: number, to: number): void {
    if (2 * this.count + 2 > this.spans.length) {
      const grown = new Float64Array(2 * this.spans.length);
      grown.set(this.spans);
      this.spans = grown;
    }
    this.spans[2 * this.count] = from;
    this.spans[2 * this.count + 1] = to;
    this.count++;
  }

  /** The run's window: only pauses that begin inside it count. */
  window(from: number, to: number): void {
    this.from = from;
    this.to = to;
  }

  /**
   * Stops watching and sums the pauses by kind, in the order the kinds first paused. Node hands each
   * pause's entry over on a later turn of the event loop (setImmediate), and a run with no I/O to
   * wait for (a Signal run's crypto is synchronous) never turns it: so the loop turns once first.
   */
  async stop(): Promise<GcPauseKind[]> {
    await new Promise((settle) => setImmediate(settle));
    this.entries.push(...this.observer.takeRecords());
    this.observer.disconnect();
    const spans = this.merged();
    const byKind = new Map<string, { pauses: number; ms: number; outsideMs: number }>();
    const pauses = this.entries.filter((e) => e.startTime >= this.from && e.startTime <= this.to).sort((a, b) => a.startTime - b.startTime);
    const n = spans.length / 2;
    let s = 0;
    for (const e of pauses) {
      const a = e.startTime;
      const b = a + e.duration;
      while (s < n && spans[2 * s + 1]! <= a) s++;
      let inside = 0;
      for (let i = s; i < n && spans[2 * i]! < b; i++) inside += Math.max(0, Math.min(b, spans[2 * i + 1]!) - Math.max(a, spans[2 * i]!));
      const name = KIND_NAMES[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
      let k = byKind.get(name);
      if (k === undefined) byKind.set(name, (k = { pauses: 0, ms: 0, outsideMs: 0 }));
      k.pauses++;
      k.ms += e.duration;
      k.outsideMs += e.duration - inside;
    }
    return [...byKind].map(([kind, k]) => ({ kind, ...k }));
  }

  /** The spans sorted and overlaps joined, as [from, to] pairs (a sink can report a stretch that began before the last one ended). */
  private merged(): Float64Array {
    const n = this.count;
    const at = this.spans;
    let order: Uint32Array | undefined;
    for (let i = 1; i < n; i++)
      if (at[2 * i]! < at[2 * i - 2]!) {
        order = Uint32Array.from({ length: n }, (_, j) => j).sort((x, y) => at[2 * x]! - at[2 * y]!);
        break;
      }
    const out = new Float64Array(2 * n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const j = order === undefined ? i : order[i]!;
      const a = at[2 * j]!;
      const b = at[2 * j + 1]!;
      if (m > 0 && a <= out[2 * m - 1]!) out[2 * m - 1] = Math.max(out[2 * m - 1]!, b);
      else (out[2 * m] = a), (out[2 * m + 1] = b), m++;
    }
    return out.subarray(0, 2 * m);
  }
}

/** One line for the pauses: each kind's count, milliseconds and milliseconds outside the clock. */
export function formatGcPauses(kinds: readonly GcPauseKind[]): string {
  if (kinds.length === 0) return 'garbage collection during the run: no pauses';
  const parts = kinds.map((k) => `${k.kind} ${k.pauses} pauses ${k.ms.toFixed(0)} ms (${k.outsideMs.toFixed(0)} ms outside the clock)`);
  return `garbage collection during the run: ${parts.join('; ')}`;
}
