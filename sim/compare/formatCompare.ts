import { COMPARE_METRICS, MULTI_CLIENT_METRICS, type CompareMetric, type CompareResult, type MultiClientMetric } from './compareResult.ts';

const LABELS: Record<CompareMetric, string> = {
  e2eePreservedPct: 'E2EE %',
  plaintextExposurePerMessage: 'exposure/msg',
  forgeryCapablePerMessage: 'forgers/msg',
  deliveryRatio: 'delivery',
  skippedPct: 'skipped %',
  latencyP50Ms: 'p50 ms',
  latencyP95Ms: 'p95 ms',
  latencyP99Ms: 'p99 ms',
  wireBytesPerMessage: 'wire B/msg',
  cryptoCpuMsPerMessage: 'crypto ms/msg',
  accountsPerUser: 'accounts/user',
  misroutedPct: 'misrouted %',
  unresolvablePct: 'unresolv. %',
  misdeliveredPct: 'misdeliv. %',
  featureFidelity: 'fidelity',
  contentFallbackPct: 'fell back %',
  cleartextPct: 'clear %',
  pqMessagesPct: 'PQ msgs %',
};

const DIGITS: Partial<Record<CompareMetric, number>> = { featureFidelity: 3, contentFallbackPct: 1, cleartextPct: 1, pqMessagesPct: 1, deliveryRatio: 4, skippedPct: 1, wireBytesPerMessage: 0, e2eePreservedPct: 1, latencyP50Ms: 1, latencyP95Ms: 1, latencyP99Ms: 1 };

const MULTI_CLIENT_LABELS: Record<MultiClientMetric, string> = {
  mpcStacksPerUser: 'stacks/user',
  mpcKeyBytesPerUser: 'keys B/user',
  mpcKeepaliveBytesPerUserHour: 'keepalive B/user/h',
  mpcCryptoMsPerUser: 'crypto ms/user',
  apiBrokenPct: 'API broken %',
  apiLostPct: 'API lost %',
  apiDelayedPct: 'API late %',
  apiDelayP95Seconds: 'late p95 s',
  vendorReachPct: 'vendor reach %',
  vendorReadPct: 'vendor read %',
};

const MULTI_CLIENT_DIGITS: Partial<Record<MultiClientMetric, number>> = { mpcKeyBytesPerUser: 0, mpcKeepaliveBytesPerUserHour: 0, apiBrokenPct: 1, apiLostPct: 1, apiDelayedPct: 1, apiDelayP95Seconds: 1, vendorReachPct: 1, vendorReadPct: 1 };

/** Columns padded to their widest cell, the first left-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The multi-protocol client's costs and losses, when a row has one (client-api); `-` for the others. */
function multiClientTable(r: CompareResult, withCi: boolean): string[] {
  if (!r.rows.some((row) => Number.isFinite(row.metrics.mpcStacksPerUser?.mean))) return [];
  const rows = r.rows.map((row) => [row.architecture, ...MULTI_CLIENT_METRICS.map((m) => cell(row.metrics[m]?.mean ?? NaN, row.metrics[m]?.ci95 ?? NaN, MULTI_CLIENT_DIGITS[m] ?? 2, withCi))]);
  return ['', 'multi-protocol client (what it costs and loses; - where there is none):', ...table([r.rowKind ?? 'architecture', ...MULTI_CLIENT_METRICS.map((m) => MULTI_CLIENT_LABELS[m])], rows)];
}

function cell(mean: number, ci: number, digits: number, withCi: boolean): string {
  if (!Number.isFinite(mean)) return '-';
  return withCi ? `${mean.toFixed(digits)}±${ci.toFixed(digits)}` : mean.toFixed(digits);
}

/** The compare table: one row per architecture; `±` is the 95% confidence half-width over seeds. */
export function formatCompare(r: CompareResult): string {
  const withCi = r.seeds.length > 1;
  const header = [r.rowKind ?? 'architecture', ...COMPARE_METRICS.map((m) => LABELS[m])];
  const rows = r.rows.map((row) => [row.architecture, ...COMPARE_METRICS.map((m) => cell(row.metrics[m].mean, row.metrics[m].ci95, DIGITS[m] ?? 2, withCi))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `scenario ${r.scenario}, ${r.rowKind === 'world' ? `${r.seeds.length} seeds per world from its own seed` : `seeds ${r.seeds.join(',')}`}${withCi ? ' (mean ± 95% CI)' : ''}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(r.rows.some((row) => (row.metrics.misdeliveredPct?.mean ?? 0) > 0)
      ? ['misdeliv. %: recipient copies decrypted by a person the sender never meant; end-to-end encryption to the wrong person is still a confidentiality failure']
      : []),
    ...multiClientTable(r, withCi),
  ].join('\n');
}

/** CSV with mean and CI columns per metric. */
export function compareCsv(r: CompareResult): string {
  // The multi-protocol client's columns only when a row has one, so other compares keep their columns.
  const metrics = r.rows.some((row) => Number.isFinite(row.metrics.mpcStacksPerUser?.mean)) ? [...COMPARE_METRICS, ...MULTI_CLIENT_METRICS] : COMPARE_METRICS;
  const head = ['architecture', ...metrics.flatMap((m) => [m, `${m}_ci95`])];
  const rows = r.rows.map((row) => [row.architecture, ...metrics.flatMap((m) => [String(row.metrics[m]?.mean ?? NaN), String(row.metrics[m]?.ci95 ?? NaN)])]);
  return [head, ...rows].map((cells) => cells.join(',')).join('\n') + '\n';
}
