import type { Scenario } from '../../../scenarios/schema.ts';

/** One key-refresh policy of one protocol, as the scenario change that sets it. */
export interface PcsPolicy {
  readonly protocol: 'mls' | 'signal';
  readonly policy: string;
  readonly apply: (base: Scenario) => Scenario;
}

const workload = (s: Scenario, protocol: 'mls' | 'signal', updatePeriodSeconds: number, churn: boolean): Scenario => ({
  ...s,
  protocol,
  workload: {
    ...s.workload,
    updatePeriodSeconds,
    churn: churn ? (s.workload.churn.addsPerGroupPerHour + s.workload.churn.removesPerGroupPerHour > 0 ? s.workload.churn : { addsPerGroupPerHour: 30, removesPerGroupPerHour: 20 }) : { addsPerGroupPerHour: 0, removesPerGroupPerHour: 0 },
  },
});

/**
 * The policies `interop-sim pcs` compares. MLS heals a member only by that member's own commit with a
 * fresh path (RFC 9420 §12.4): its self-update period decides, and commits by others (churn) do not
 * help. Signal heals a pairwise session at the victim's next DH ratchet step (its next reply), and a
 * sender-key chain only when its sender rotates: on a removal from the group (churn), or on a periodic
 * rotation (the `update` the workload schedules).
 */
export const PCS_POLICIES: readonly PcsPolicy[] = [
  { protocol: 'mls', policy: 'no self-updates, no churn', apply: (s) => workload(s, 'mls', 0, false) },
  { protocol: 'mls', policy: 'no self-updates, others commit churn', apply: (s) => workload(s, 'mls', 0, true) },
  { protocol: 'mls', policy: 'self-update every 60 s', apply: (s) => workload(s, 'mls', 60, false) },
  { protocol: 'mls', policy: 'self-update every 20 s', apply: (s) => workload(s, 'mls', 20, false) },
  { protocol: 'signal', policy: 'DH ratchet; sender keys rotate on removal only, no churn', apply: (s) => workload(s, 'signal', 0, false) },
  { protocol: 'signal', policy: 'DH ratchet; sender keys rotate on removal (churn)', apply: (s) => workload(s, 'signal', 0, true) },
  { protocol: 'signal', policy: 'DH ratchet; sender keys also rotate every 20 s', apply: (s) => workload(s, 'signal', 20, false) },
];
