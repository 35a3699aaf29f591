import { COMPARE_METRICS, type CompareMetric, type CompareResult } from './compareResult.ts';

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

function cell(mean: number, ci: number, digits: number, withCi: boolean): string {
  if (!Number.isFinite(mean)) return '-';
  return withCi ? `${mean.toFixed(digits)}±${ci.toFixed(digits)}` : mean.toFixed(digits);
}

/** The compare table: one row per architecture; `±` is the 95% confidence half-width over seeds. */
export function formatCompare(r: CompareResult): string {
  const withCi = r.seeds.length > 1;
  const header = ['architecture', ...COMPARE_METRICS.map((m) => LABELS[m])];
  const rows = r.rows.map((row) => [row.architecture, ...COMPARE_METRICS.map((m) => cell(row.metrics[m].mean, row.metrics[m].ci95, DIGITS[m] ?? 2, withCi))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `scenario ${r.scenario}, seeds ${r.seeds.join(',')}${withCi ? ' (mean ± 95% CI)' : ''}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(r.rows.some((row) => (row.metrics.misdeliveredPct?.mean ?? 0) > 0)
      ? ['misdeliv. %: recipient copies decrypted by a person the sender never meant; end-to-end encryption to the wrong person is still a confidentiality failure']
      : []),
  ].join('\n');
}

/** CSV with mean and CI columns per metric. */
export function compareCsv(r: CompareResult): string {
  const head = ['architecture', ...COMPARE_METRICS.flatMap((m) => [m, `${m}_ci95`])];
  const rows = r.rows.map((row) => [row.architecture, ...COMPARE_METRICS.flatMap((m) => [String(row.metrics[m].mean), String(row.metrics[m].ci95)])]);
  return [head, ...rows].map((cells) => cells.join(',')).join('\n') + '\n';
}
