import { PAIR_METRICS, type Arrangement, type PairMetric, type PerPairReport, type Protocol } from '../trace/perPair/index.ts';
import type { MetricEstimate } from './compareResult.ts';
import { estimate } from './confidence.ts';

/** One provider pair of a compare row: each per-pair measure as a mean over seeds with its 95% CI. */
export interface PairEstimate {
  readonly from: string;
  readonly to: string;
  readonly arrangement: Arrangement;
  readonly protocols: readonly [Protocol, Protocol];
  readonly metrics: Readonly<Record<PairMetric, MetricEstimate>>;
}

/** Per provider: the share of its users' messages below its own promise, over seeds. */
export interface BelowPromiseEstimate {
  readonly provider: string;
  readonly promise: string;
  readonly belowPromisePct: MetricEstimate;
}

export interface PerPairEstimates {
  readonly uniform: boolean;
  readonly pairs: readonly PairEstimate[];
  readonly belowPromise: readonly BelowPromiseEstimate[];
}

/**
 * Folds the per-pair reports of one architecture's seeds: pairs in first-seen order, a seed in which a
 * pair carried nothing gives NaN for it (left out of the mean, as compare does for any metric).
 */
export function perPairEstimates(reports: readonly (PerPairReport | undefined)[]): PerPairEstimates | undefined {
  const runs = reports.filter((r): r is PerPairReport => r !== undefined);
  if (runs.length === 0) return undefined;
  const pairs = new Map<string, { from: string; to: string; arrangement: Arrangement; protocols: readonly [Protocol, Protocol] }>();
  for (const r of runs) for (const p of r.pairs) if (!pairs.has(`${p.from}>${p.to}`)) pairs.set(`${p.from}>${p.to}`, p);
  const providers = new Map<string, string>();
  for (const r of runs) for (const p of r.weakestLink.providers) if (!providers.has(p.provider)) providers.set(p.provider, p.promise);
  return {
    uniform: runs.every((r) => r.uniform),
    pairs: [...pairs].map(([key, p]) => ({
      from: p.from,
      to: p.to,
      arrangement: p.arrangement,
      protocols: p.protocols,
      metrics: Object.fromEntries(PAIR_METRICS.map((m) => [m, estimate(runs.map((r) => r.pairs.find((x) => `${x.from}>${x.to}` === key)?.[m] ?? NaN))])) as Record<PairMetric, MetricEstimate>,
    })),
    belowPromise: [...providers].map(([provider, promise]) => ({
      provider,
      promise,
      belowPromisePct: estimate(runs.map((r) => r.weakestLink.providers.find((x) => x.provider === provider)?.belowPromisePct ?? NaN)),
    })),
  };
}
