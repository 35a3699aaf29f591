import type { Scenario } from './schema.ts';

/**
 * The bridge and discovery nodes an architecture adds (`interop.bridgeNode`, `interop.discoveryNode`)
 * are infrastructure: a provider of the same name would be merged with it, and its users would
 * silently send nothing. Those names are reserved for every architecture (`compare` runs them all).
 * A scenario may declare the node itself under `nodes:` to place and link it.
 */
export function reservedNames(s: Scenario): string[] {
  const reserved = new Map([
    [s.interop.bridgeNode, 'the bridge (interop.bridgeNode)'],
    [s.interop.discoveryNode, 'the discovery service (interop.discoveryNode)'],
  ]);
  const problems: string[] = [];
  s.providers.forEach((p, i) => {
    const what = reserved.get(p.id);
    if (what !== undefined) problems.push(`providers[${i}].id: "${p.id}" is reserved for ${what}; rename the provider or set that field to another name`);
  });
  if (s.interop.bridgeNode === s.interop.discoveryNode) problems.push(`interop.discoveryNode: "${s.interop.discoveryNode}" is also interop.bridgeNode; they must differ`);
  return problems;
}
