import type { ArchitectureName } from '../../interop/index.ts';
import type { Scenario } from '../../../scenarios/schema.ts';

/** The base's largest provider (most users; the first listed on a tie): it hosts the most groups. */
export const largestProvider = (base: Scenario): string => [...base.providers].sort((a, b) => b.users - a.users)[0]!.id;

/** The server link carrying the most cross-provider traffic under `architecture`. */
export function busiestLink(base: Scenario, architecture: ArchitectureName): { a: string; b: string } {
  const [p0, p1] = [...base.providers].sort((a, b) => b.users - a.users).map((p) => p.id);
  if (architecture === 'bridge-reencrypt' || architecture === 'bridge-e2ee') return { a: p0!, b: base.interop.bridgeNode };
  return { a: p0!, b: p1 ?? p0! };
}

/** Where a metadata observer sees most: the bridge when there is one, else the largest provider (a hub). */
export const busiestServer = (base: Scenario, architecture: ArchitectureName): string =>
  architecture === 'bridge-reencrypt' || architecture === 'bridge-e2ee' ? base.interop.bridgeNode : largestProvider(base);

/** The base with one more attacker and some defenses. */
export const withAttack = (base: Scenario, attacker: Scenario['attackers'][number], defenses: Partial<Scenario['defenses']> = {}): Scenario => ({
  ...base,
  attackers: [...base.attackers, attacker],
  defenses: { ...base.defenses, ...defenses },
});
