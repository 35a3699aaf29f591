import type { MetricEstimate } from '../../compare/compareResult.ts';
import type { AttackResult } from '../../runner/runResult.ts';

/** What `interop-sim pcs` measures per run, each a mean with a 95% interval over seeds. */
export const PCS_METRICS = ['exposed', 'readShare', 'oneToOneReadShare', 'groupReadShare', 'recoveredShare', 'recoverySeconds', 'firstUnreadSeconds'] as const;
export type PcsMetric = (typeof PCS_METRICS)[number];

export interface PcsRow {
  readonly protocol: 'mls' | 'signal';
  readonly policy: string;
  readonly runs: number;
  /** Conversations compromised and messages addressed to the victims after the compromise, over all seeds. */
  readonly conversations: number;
  readonly laterMessages: number;
  readonly metrics: Readonly<Record<PcsMetric, MetricEstimate>>;
  readonly digests: readonly string[];
}

export interface PcsStudy {
  readonly kind: 'interop-sim/pcs';
  readonly scenario: string;
  readonly seeds: readonly string[];
  readonly atSeconds: number;
  readonly victims: number;
  readonly durationSeconds: number;
  readonly rows: readonly PcsRow[];
}

/** One run's metrics from its device-compromise report (NaN where nothing was measured). */
export function pcsMetricsOf(attack: AttackResult | undefined): Record<PcsMetric, number> & { conversations: number; laterMessages: number } {
  const d = attack?.detail ?? {};
  const n = (k: string) => d[k] ?? 0;
  const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);
  return {
    conversations: n('conversations'),
    laterMessages: n('laterMessages'),
    exposed: n('readMessages'),
    readShare: ratio(n('readMessages'), n('laterMessages')),
    oneToOneReadShare: ratio(n('oneToOneRead'), n('oneToOneLater')),
    groupReadShare: ratio(n('groupRead'), n('groupLater')),
    recoveredShare: ratio(n('recovered'), n('conversations')),
    recoverySeconds: ratio(n('recoverySecondsSum'), n('recovered')),
    firstUnreadSeconds: ratio(n('firstUnreadSecondsSum'), n('firstUnread')),
  };
}
