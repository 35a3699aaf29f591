import type { Ledger } from './ledger.ts';
import { percentiles } from './percentiles.ts';
import type { WireStats } from './wireStats.ts';

export interface RunSummary {
  readonly messages: number;
  readonly recipientsExpected: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly rejected: number;
  /** Delivered copies over the copies of the messages actually sent (skipped messages have no copies). */
  readonly deliveryRatio: number;
  /** Messages the workload meant to send that were never sent, and why (see SkipReason). */
  readonly skipped: number;
  readonly skipReasons: Readonly<Record<string, number>>;
  readonly dropReasons: Readonly<Record<string, number>>;
  readonly rejectReasons: Readonly<Record<string, number>>;
  /** End-to-end delivery latency in milliseconds of virtual time. */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly mean: number };
  /** Wire bytes summed over every hop, by payload kind. */
  readonly wireBytes: Readonly<Record<string, number>>;
  /** All wire bytes (application and handshake, every hop) per application message sent. */
  readonly wireBytesPerMessage: number;
  /** Application-message wire bytes (every hop) per application message sent. */
  readonly appWireBytesPerMessage: number;
  readonly wireDrops: number;
}

export function summarize(ledger: Ledger, wire: WireStats): RunSummary {
  const t = ledger.totals();
  const lat = ledger.deliveryLatencies();
  const [p50, p95, p99] = percentiles(lat, [50, 95, 99]).map((us) => us / 1000);
  const mean = lat.length === 0 ? NaN : lat.reduce((a, b) => a + b, 0) / lat.length / 1000;
  const perMsg = (bytes: number) => (t.messages === 0 ? 0 : bytes / t.messages);
  return {
    messages: t.messages,
    recipientsExpected: t.expected,
    delivered: t.delivered,
    dropped: t.dropped,
    rejected: t.rejected,
    deliveryRatio: t.expected === 0 ? NaN : t.delivered / t.expected,
    skipped: t.skipped,
    skipReasons: t.skipReasons,
    dropReasons: t.dropReasons,
    rejectReasons: t.rejectReasons,
    latencyMs: { p50: p50!, p95: p95!, p99: p99!, mean },
    wireBytes: Object.fromEntries([...wire.bytesByKind].sort()),
    wireBytesPerMessage: perMsg(wire.totalBytes()),
    appWireBytesPerMessage: perMsg(wire.bytesByKind.get('application') ?? 0),
    wireDrops: wire.wireDrops,
  };
}
