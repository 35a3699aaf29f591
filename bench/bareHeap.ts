/**
 * The baseline for the kernel benchmark: the least a discrete-event loop can do, a binary heap of
 * (time, seq) entries popped in a loop, with no cancellation, limits or bookkeeping.
 */
export interface BareEntry {
  time: number;
  seq: number;
  fn: () => void | Promise<void>;
}

export class BareHeap {
  private readonly a: BareEntry[] = [];
  private seq = 0;

  get size(): number {
    return this.a.length;
  }

  push(time: number, fn: BareEntry['fn']): void {
    const e: BareEntry = { time, seq: this.seq++, fn };
    const a = this.a;
    let i = a.length;
    a.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = a[p]!;
      if (pe.time < e.time || (pe.time === e.time && pe.seq < e.seq)) break;
      a[i] = pe;
      i = p;
    }
    a[i] = e;
  }

  pop(): BareEntry | undefined {
    const a = this.a;
    const top = a[0];
    if (top === undefined) return undefined;
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (a[r]!.time < a[l]!.time || (a[r]!.time === a[l]!.time && a[r]!.seq < a[l]!.seq))) c = r;
        const ce = a[c]!;
        if (ce.time > last.time || (ce.time === last.time && ce.seq > last.seq)) break;
        a[i] = ce;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
