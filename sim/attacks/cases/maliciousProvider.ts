import type { AttackCase } from '../attackCase.ts';
import { maliciousProviderSchema } from '../../../scenarios/attackers/maliciousProvider.ts';
import { largestProvider, withAttack } from './providerTargets.ts';

const ghost = (provider: string) => maliciousProviderSchema.parse({ kind: 'malicious-provider', provider, ghosts: 2 });
const withhold = (provider: string) => maliciousProviderSchema.parse({ kind: 'malicious-provider', provider, ghosts: 0, withholdShare: 0.2 });

/**
 * A compromised provider (the base's largest) planting ghost devices for two of its users, with and
 * without roster checks; and withholding a fifth of its users' messages, which recipients notice by
 * the gap in the sender's MLS generation counter (no switch: MLS always carries it).
 */
export const MALICIOUS_PROVIDER_CASES: readonly AttackCase[] = [
  { attack: 'malicious provider: ghost device', defense: 'none', variant: (base) => withAttack(base, ghost(largestProvider(base))) },
  { attack: 'malicious provider: ghost device', defense: 'roster checks', variant: (base) => withAttack(base, ghost(largestProvider(base)), { rosterChecks: {} }) },
  { attack: 'malicious provider: withhold 20%', defense: 'none (generation gaps seen)', variant: (base) => withAttack(base, withhold(largestProvider(base))) },
];
