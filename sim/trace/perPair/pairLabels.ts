import type { PairMetric } from './pairMetrics.ts';

/** Short column names of the per-pair measures, shared by the CLI tables and the viewer's selector. */
export const PAIR_METRIC_LABELS: Readonly<Record<PairMetric, string>> = {
  copies: 'copies',
  deliveryRatio: 'delivery',
  e2eePreservedPct: 'E2EE %',
  exposurePerCopy: 'exposure/copy',
  forgeryCapablePerCopy: 'forgers/copy',
  latencyP50Ms: 'p50 ms',
  latencyP95Ms: 'p95 ms',
  featureFidelity: 'fidelity',
  contentFallbackPct: 'fell back %',
  cleartextPct: 'clear %',
  misdeliveredPct: 'misdeliv. %',
  accountsPerUser: 'accounts/user',
};

/** Decimal places each measure is printed with. */
export const PAIR_METRIC_DIGITS: Readonly<Record<PairMetric, number>> = {
  copies: 0,
  deliveryRatio: 4,
  e2eePreservedPct: 1,
  exposurePerCopy: 2,
  forgeryCapablePerCopy: 2,
  latencyP50Ms: 1,
  latencyP95Ms: 1,
  featureFidelity: 3,
  contentFallbackPct: 1,
  cleartextPct: 1,
  misdeliveredPct: 1,
  accountsPerUser: 2,
};
