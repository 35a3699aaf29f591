import type { AttackCase } from '../attackCase.ts';
import { impersonatorSchema } from '../../../scenarios/attackers/impersonator.ts';
import type { Scenario } from '../../../scenarios/schema.ts';

const impersonator = () => impersonatorSchema.parse({ kind: 'impersonator', victims: 6, replies: 3 });

/** The base under another namespace, with the impersonator added (and a defense, if any). */
function withNamespace(base: Scenario, namespace: Scenario['identity']['namespace'], qualified: boolean): Scenario {
  return {
    ...base,
    identity: { ...base.identity, namespace },
    attackers: [...base.attackers, impersonator()],
    defenses: { ...base.defenses, ...(qualified && { qualifiedDisplay: {} }) },
  };
}

/**
 * Impersonation by a colliding bare handle (and a look-alike number), against hierarchical names and
 * provider-qualified display. The target is a user whose handle no other provider has; the
 * impersonator registers it everywhere else and asks that provider's users for messages.
 */
export const IMPERSONATOR_CASES: readonly AttackCase[] = [
  { attack: 'impersonation (handle)', defense: 'none (bare handles)', variant: (base) => withNamespace(base, 'handle', false) },
  { attack: 'impersonation (handle)', defense: 'provider-qualified display', variant: (base) => withNamespace(base, 'handle', true) },
  { attack: 'impersonation (handle)', defense: 'hierarchical names', variant: (base) => withNamespace(base, 'hierarchical', false) },
  { attack: 'impersonation (number)', defense: 'none (bare numbers)', variant: (base) => withNamespace(base, 'phone', false) },
];
