import type { AttackCase } from '../attackCase.ts';
import { nonCompliantClientSchema } from '../../../scenarios/attackers/nonCompliantClient.ts';
import type { Scenario } from '../../../scenarios/schema.ts';

/**
 * Every conversation of the base uses 10-second disappearing messages (timer from delivery); the last
 * provider's clients keep every copy. An honest modified client says so and a sender's capability
 * check catches it; a lying one passes the check, which is the point of the third row.
 */
function variant(base: Scenario, lies: boolean, check: boolean): Scenario {
  return {
    ...base,
    workload: { ...base.workload, disappearing: base.workload.disappearing ?? { share: 1, seconds: 10, start: 'read' } },
    attackers: [...base.attackers, nonCompliantClientSchema.parse({ kind: 'non-compliant-client', lies })],
    defenses: { ...base.defenses, ...(check && { disappearingCheck: { mode: 'refuse' as const } }) },
  };
}

export const NON_COMPLIANT_CLIENT_CASES: readonly AttackCase[] = [
  { attack: 'non-compliant client', defense: 'none', variant: (base) => variant(base, false, false) },
  { attack: 'non-compliant client', defense: 'capability check (refuse)', variant: (base) => variant(base, false, true) },
  { attack: 'non-compliant client', defense: 'capability check vs a lying client', variant: (base) => variant(base, true, true) },
];
