import type { RunResult } from '../runner/runScenario.ts';
import { MULTI_CLIENT_METRICS, type MultiClientMetric } from './compareResult.ts';

/** The multi-protocol client's compare metrics of one run: NaN (shown as `-`) without one. */
export function multiClientMetricsOf(r: RunResult): Record<MultiClientMetric, number> {
  const m = r.multiClient;
  if (m === undefined) return Object.fromEntries(MULTI_CLIENT_METRICS.map((k) => [k, NaN])) as Record<MultiClientMetric, number>;
  const perPerson = (n: number) => (m.people === 0 ? 0 : n / m.people);
  const cpu = Object.values(r.wall.cryptoMsByService ?? {}).reduce((a, b) => a + b, 0);
  const pct = (n: number, of: number) => (of === 0 ? 0 : (100 * n) / of);
  return {
    mpcStacksPerUser: m.perUser.stacks,
    mpcKeyBytesPerUser: m.perUser.keyMaterialBytes,
    mpcKeepaliveBytesPerUserHour: m.perUser.keepaliveBytesPerHour,
    mpcCryptoMsPerUser: perPerson(cpu),
    apiBrokenPct: 100 * m.brokenShare,
    apiLostPct: pct(m.impact.messagesLost, r.workload.sendsAttempted),
    apiDelayedPct: pct(m.impact.copiesDelayed, r.summary.recipientsExpected),
    apiDelayP95Seconds: m.impact.delaySeconds.p95,
    vendorReachPct: 100 * m.vendor.reachShare,
    vendorReadPct: pct(m.vendor.readMessages, r.security.messages),
  };
}
