import type { SimTime } from '../../core/index.ts';
import type { Candidate } from '../candidate.ts';
import { trueOwners } from '../directoryView.ts';
import type { Identifier } from '../identifier.ts';
import type { IdentityWorld } from '../identityNamespace.ts';

/**
 * Marks remembered candidates (a cache, an address book) stale when the provider no longer holds the
 * identifier. The holder cannot know; the simulator records it so a misroute can be traced to its cause.
 */
export function markStale(world: IdentityWorld, id: Identifier, at: SimTime, remembered: readonly Candidate[]): Candidate[] {
  const owners = trueOwners(world, id, at);
  return remembered.map((c) => ({ ...c, stale: c.stale || !owners.includes(c.provider) }));
}
