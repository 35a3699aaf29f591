import type { RunResult } from '../runner/runScenario.ts';
import type { CompareMetric } from './compareResult.ts';
import type { MultiClientMetric } from './compareResult.ts';
import { multiClientMetricsOf } from './multiClientMetrics.ts';

/** The compare table's numbers for one run, every one read from the run's own accounting. */
export function metricsOf(r: RunResult): Record<CompareMetric | MultiClientMetric, number> {
  const s = r.summary;
  const reason = (k: string) => (s.dropReasons[k] ?? 0) + (s.rejectReasons[k] ?? 0);
  const pctOfCopies = (n: number) => (s.recipientsExpected === 0 ? 0 : (100 * n) / s.recipientsExpected);
  return {
    e2eePreservedPct: r.security.e2eePreservedPct,
    plaintextExposurePerMessage: r.security.plaintextExposurePerMessage,
    forgeryCapablePerMessage: r.security.forgeryCapablePerMessage,
    deliveryRatio: s.deliveryRatio,
    // Of the messages the workload meant to send, the share never sent (delivery counts only sent copies).
    skippedPct: r.workload.sendsAttempted === 0 ? 0 : (100 * r.workload.sendsSkipped) / r.workload.sendsAttempted,
    latencyP50Ms: s.latencyMs.p50,
    latencyP95Ms: s.latencyMs.p95,
    latencyP99Ms: s.latencyMs.p99,
    wireBytesPerMessage: s.wireBytesPerMessage,
    cryptoCpuMsPerMessage: s.messages === 0 ? 0 : r.wall.cryptoMs / s.messages,
    accountsPerUser: r.accountsPerUser,
    misroutedPct: pctOfCopies(reason('misrouted')),
    unresolvablePct: pctOfCopies(reason('unresolvable')),
    misdeliveredPct: pctOfCopies(r.security.misdeliveredCopies),
    featureFidelity: r.content?.featureFidelity ?? 1,
    contentFallbackPct: r.content?.fallbackPct ?? 0,
    cleartextPct: r.content?.cleartextPct ?? 0,
    pqMessagesPct: r.content?.pqMessagesPct ?? 0,
    ...multiClientMetricsOf(r),
  };
}
