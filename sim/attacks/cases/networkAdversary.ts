import type { AttackCase } from '../attackCase.ts';
import { networkAdversarySchema } from '../../../scenarios/attackers/networkAdversary.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { ArchitectureName } from '../../interop/index.ts';
import { busiestLink, withAttack } from './providerTargets.ts';

const on = (base: Scenario, architecture: ArchitectureName, actions: string[]) =>
  networkAdversarySchema.parse({ kind: 'network-adversary', ...busiestLink(base, architecture), actions, share: 0.2 });

/**
 * An on-path adversary on the busiest server link (the largest two providers', or the largest
 * provider's link to the bridge): reading routing metadata with and without hop-by-hop TLS; altering
 * and replaying MLS ciphertexts (MLS authenticates them: no switch); dropping and delaying.
 */
export const NETWORK_ADVERSARY_CASES: readonly AttackCase[] = [
  { attack: 'link: read metadata', defense: 'none', variant: (base, a) => withAttack(base, on(base, a, ['read'])) },
  { attack: 'link: read metadata', defense: 'hop-by-hop TLS', variant: (base, a) => withAttack(base, on(base, a, ['read']), { linkEncryption: {} }) },
  { attack: 'link: tamper + replay', defense: 'MLS (always on)', variant: (base, a) => withAttack(base, on(base, a, ['modify', 'replay'])) },
  { attack: 'link: drop + delay', defense: 'none', variant: (base, a) => withAttack(base, on(base, a, ['drop', 'delay'])) },
];
