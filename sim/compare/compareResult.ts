import type { PerPairEstimates } from './perPairEstimates.ts';

/**
 * What `interop-sim compare` writes as compare.json: one row per architecture, each metric as the
 * mean over seeds with a 95% confidence interval. Viewers read this file; nothing else.
 */
export interface MetricEstimate {
  readonly mean: number;
  /** Half-width of the 95% confidence interval (Student t over seeds); 0 with one seed. */
  readonly ci95: number;
  /** One value per seed, in seed order. */
  readonly values: readonly number[];
}

/** Metric keys, in the order the table prints them. */
export const COMPARE_METRICS = [
  'e2eePreservedPct',
  'plaintextExposurePerMessage',
  'forgeryCapablePerMessage',
  'deliveryRatio',
  'skippedPct',
  'latencyP50Ms',
  'latencyP95Ms',
  'latencyP99Ms',
  'wireBytesPerMessage',
  'cryptoCpuMsPerMessage',
  'accountsPerUser',
  'misroutedPct',
  'unresolvablePct',
  /** Recipient copies a person the sender never meant decrypted (E2EE to the wrong person is still a leak). */
  'misdeliveredPct',
  'featureFidelity',
  'contentFallbackPct',
  'cleartextPct',
  'pqMessagesPct',
] as const;

export type CompareMetric = (typeof COMPARE_METRICS)[number];

export interface CompareRow {
  readonly architecture: string;
  readonly metrics: Readonly<Record<CompareMetric, MetricEstimate>>;
  /** Trace digest of each seed's run, in seed order. */
  readonly digests: readonly string[];
  /** The same measures per provider pair, and the weakest-link shares (sim/trace/perPair). */
  readonly perPair?: PerPairEstimates;
}

export interface CompareResult {
  readonly kind: 'interop-sim/compare';
  readonly scenario: string;
  readonly seeds: readonly string[];
  readonly rows: readonly CompareRow[];
}
