import type { AttackCase } from '../attackCase.ts';
import { bridgeOperatorSchema } from '../../../scenarios/attackers/bridgeOperator.ts';
import { withAttack } from './providerTargets.ts';

const operator = () => bridgeOperatorSchema.parse({ kind: 'bridge-operator', alterShare: 0.2 });
const NO_BRIDGE = { notApplicable: 'no re-encrypting bridge' } as const;

/** The operator of a re-encrypting bridge altering a fifth of what it relays, with and without content signatures. */
export const BRIDGE_OPERATOR_CASES: readonly AttackCase[] = [
  { attack: 'bridge operator: alter', defense: 'none', variant: (base, a) => (a === 'bridge-reencrypt' ? withAttack(base, operator()) : NO_BRIDGE) },
  { attack: 'bridge operator: alter', defense: 'content signatures', variant: (base, a) => (a === 'bridge-reencrypt' ? withAttack(base, operator(), { contentSignatures: {} }) : NO_BRIDGE) },
];
