import type { PayloadKind, TraceRecord } from './records.ts';

/** Bytes and envelopes on the wire by payload kind, counted per hop from the trace. */
export class WireStats {
  /** One counter per kind: a hop costs one lookup. */
  private readonly byKind = new Map<PayloadKind, { bytes: number; hops: number }>();
  wireDrops = 0;

  /** The kind of the last hop counted and its counter (hops come in runs of one kind): no lookup when it comes again. */
  private lastKind: PayloadKind | undefined;
  private last: { bytes: number; hops: number } | undefined;

  readonly listener = (r: TraceRecord): void => {
    if (r.type === 'hop-enqueue') {
      let c = r.kind === this.lastKind ? this.last : this.byKind.get(r.kind);
      if (c === undefined) this.byKind.set(r.kind, (c = { bytes: r.bytes, hops: 1 }));
      else (c.bytes += r.bytes, c.hops++);
      this.lastKind = r.kind;
      this.last = c;
    } else if (r.type === 'wire-drop') {
      this.wireDrops++;
    }
  };

  /** Wire bytes by payload kind, in the order the kinds were first seen. */
  get bytesByKind(): ReadonlyMap<PayloadKind, number> {
    return new Map([...this.byKind].map(([k, c]) => [k, c.bytes]));
  }

  /** Hops (envelopes enqueued at a node) by payload kind. */
  get hopsByKind(): ReadonlyMap<PayloadKind, number> {
    return new Map([...this.byKind].map(([k, c]) => [k, c.hops]));
  }

  totalBytes(): number {
    let sum = 0;
    for (const c of this.byKind.values()) sum += c.bytes;
    return sum;
  }
}
