import type { PayloadKind, TraceRecord } from './records.ts';

/** Bytes and envelopes on the wire by payload kind, counted per hop from the trace. */
export class WireStats {
  readonly bytesByKind = new Map<PayloadKind, number>();
  readonly hopsByKind = new Map<PayloadKind, number>();
  wireDrops = 0;

  readonly listener = (r: TraceRecord): void => {
    if (r.type === 'hop-enqueue') {
      this.bytesByKind.set(r.kind, (this.bytesByKind.get(r.kind) ?? 0) + r.bytes);
      this.hopsByKind.set(r.kind, (this.hopsByKind.get(r.kind) ?? 0) + 1);
    } else if (r.type === 'wire-drop') {
      this.wireDrops++;
    }
  };

  totalBytes(): number {
    let sum = 0;
    for (const b of this.bytesByKind.values()) sum += b;
    return sum;
  }
}
