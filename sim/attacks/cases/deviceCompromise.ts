import type { AttackCase } from '../attackCase.ts';
import { deviceCompromiseSchema } from '../../../scenarios/attackers/deviceCompromise.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import { withAttack } from './providerTargets.ts';

/** Two devices imaged a quarter into the workload, under a self-update period (0 = none). */
const compromised = (base: Scenario, updatePeriodSeconds: number): Scenario =>
  withAttack({ ...base, workload: { ...base.workload, updatePeriodSeconds } }, deviceCompromiseSchema.parse({ kind: 'device-compromise', atSeconds: Math.floor(base.durationSeconds / 4), victims: 2 }));

/**
 * Post-compromise security in the matrix: a thief with a copy of two devices' whole protocol state
 * reads later messages to them until the state heals (MLS: the victim's own commit; Signal: its next
 * DH ratchet step, a sender's key rotation). The cell's success rate is the share of compromised
 * conversations it read at least one later message of; `interop-sim pcs` measures recovery times.
 */
export const DEVICE_COMPROMISE_CASES: readonly AttackCase[] = [
  { attack: 'device compromise (state copied)', defense: 'no self-updates', variant: (base) => compromised(base, 0) },
  { attack: 'device compromise (state copied)', defense: 'self-updates every 20 s', variant: (base) => compromised(base, 20) },
];
