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


/**
 * What the multi-protocol client of `client-api` costs and loses, beside compare's table (NaN, shown
 * as `-`, for architectures without one). Every number comes from the run's `multiClient` report.
 */
export const MULTI_CLIENT_METRICS = [
  /** Protocol stacks (account, keys, connection) the client holds per person. */
  'mpcStacksPerUser',
  /** KeyPackage / prekey bytes the client published to the services' directories per person. */
  'mpcKeyBytesPerUser',
  /** Keepalive bytes per person per hour, to keep a connection per service. */
  'mpcKeepaliveBytesPerUserHour',
  /** Wall-clock crypto milliseconds per person, summed over the client's protocol stacks. */
  'mpcCryptoMsPerUser',
  /** Mean share of the run a service's API was broken for the client. */
  'apiBrokenPct',
  /** Of the messages the workload meant to send, those lost to a broken client API (never sent, or a copy never fetched). */
  'apiLostPct',
  /** Of the recipient copies, those delivered late because a client API was broken. */
  'apiDelayedPct',
  /** 95th percentile of the late copies' time from send to delivery, seconds. */
  'apiDelayP95Seconds',
  /** Of the messages sent, those the client vendor's code handled (what a malicious vendor could read). */
  'vendorReachPct',
  /** Of the messages sent, those whose plaintext reached the vendor's servers (`expose` records). */
  'vendorReadPct',
] as const;

export type MultiClientMetric = (typeof MULTI_CLIENT_METRICS)[number];

/** Every metric of a row: the table's, then the multi-protocol client's. */
export type RowMetric = CompareMetric | MultiClientMetric;

export interface CompareRow {
  readonly architecture: string;
  /** The multi-protocol client's metrics are present when a row of the compare has one (client-api). */
  readonly metrics: Readonly<Record<CompareMetric, MetricEstimate>> & Readonly<Partial<Record<MultiClientMetric, MetricEstimate>>>;
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
  /** What a row is: an architecture (the default), or a world (`compare --worlds`; each world replicates from its own seed). */
  readonly rowKind?: 'architecture' | 'world';
}
