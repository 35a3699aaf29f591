import { PAIR_METRICS, PAIR_METRIC_DIGITS, PAIR_METRIC_LABELS } from '../trace/perPair/index.ts';
import { textTable as table } from './textTable.ts';
import type { CompareResult, MetricEstimate } from './compareResult.ts';

const cell = (e: MetricEstimate, digits: number, withCi: boolean) => (!Number.isFinite(e.mean) ? '-' : withCi ? `${e.mean.toFixed(digits)}±${e.ci95.toFixed(digits)}` : e.mean.toFixed(digits));

/** One per-pair table per compare row (architecture or world), means over seeds with their CI. */
export function formatPerPairCompare(r: CompareResult): string {
  const withCi = r.seeds.length > 1;
  const out: string[] = [];
  for (const row of r.rows) {
    if (row.perPair === undefined) continue;
    const header = ['from -> to', 'arrangement', 'protocols', ...PAIR_METRICS.map((m) => PAIR_METRIC_LABELS[m])];
    const rows = row.perPair.pairs.map((p) => [
      `${p.from} -> ${p.to}`,
      p.arrangement,
      p.protocols[0] === p.protocols[1] ? p.protocols[0] : p.protocols.join('/'),
      ...PAIR_METRICS.map((m) => cell(p.metrics[m], PAIR_METRIC_DIGITS[m], withCi)),
    ]);
    out.push('', `${row.architecture}: per provider pair (rows send, columns receive${withCi ? '; mean ± 95% CI' : ''})`, ...table(header, rows, 3));
  }
  return out.join('\n');
}

/** Per row: each provider's users' messages protected less than that provider promises its own users. */
export function formatBelowPromise(r: CompareResult): string {
  const withCi = r.seeds.length > 1;
  const rows = r.rows.filter((row) => row.perPair !== undefined);
  if (rows.length === 0) return '';
  const lines = rows.map((row) => `  ${row.architecture}: ${row.perPair!.belowPromise.map((b) => `${b.provider} ${cell(b.belowPromisePct, 1, withCi)}%`).join(', ')}`);
  return ['weakest link: share of each provider\'s users\' messages protected less than it protects messages between its own users', ...lines].join('\n');
}
