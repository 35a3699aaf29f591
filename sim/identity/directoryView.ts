import { ZERO, type SimTime } from '../core/index.ts';
import { applyPolicy } from './applyPolicy.ts';
import type { Candidate } from './candidate.ts';
import { handleOwners } from './handleRegistry.ts';
import type { Identifier } from './identifier.ts';
import { namespaceOf, type IdentityWorld } from './identityNamespace.ts';
import { numberAtProvider, numberOwners } from './numberLookup.ts';
import type { ProviderId } from './providerId.ts';
import type { Resolution, ResolutionSource } from './resolution.ts';

/**
 * Whose knowledge a lookup consults. `authoritative` is the shared database as it is now; `provider`
 * is one provider's own subscriber table, which still lists numbers it has ported away (stale entries)
 * and knows nothing of other providers' users.
 */
export type DirectoryView = { readonly kind: 'authoritative' } | { readonly kind: 'provider'; readonly provider: ProviderId };

export const AUTHORITATIVE: DirectoryView = { kind: 'authoritative' };
export const providerView = (provider: ProviderId): DirectoryView => ({ kind: 'provider', provider });

export function candidatesIn(world: IdentityWorld, id: Identifier, view: DirectoryView, at: SimTime): Candidate[] {
  switch (id.kind) {
    case 'hierarchical':
      if (view.kind === 'provider' && view.provider !== id.provider) return [];
      return [{ provider: id.provider, registeredAt: ZERO, stale: false }];
    case 'phone': {
      if (view.kind === 'authoritative') return numberOwners(world.phone.numbers, id.number, at);
      const own = numberAtProvider(world.phone.numbers, id.number, view.provider, at);
      return own === undefined ? [] : [own];
    }
    case 'handle': {
      const owners = handleOwners(world.handle.handles, id.handle, at);
      return view.kind === 'authoritative' ? owners : owners.filter((c) => c.provider === view.provider);
    }
    default: {
      const never: never = id;
      throw new Error(`unknown identifier ${JSON.stringify(never)}`);
    }
  }
}

/** The providers that truly hold the identifier at `at`: what a resolution is judged against. */
export const trueOwners = (world: IdentityWorld, id: Identifier, at: SimTime): ProviderId[] =>
  candidatesIn(world, id, AUTHORITATIVE, at).map((c) => c.provider);

/** Applies the identifier's namespace policy to candidates found by any source. */
export function resolveAmong(world: IdentityWorld, id: Identifier, candidates: readonly Candidate[], senderHome: ProviderId, source: ResolutionSource): Resolution {
  const ns = namespaceOf(world, id);
  switch (ns.kind) {
    case 'hierarchical':
      // One candidate at most: the policy is never consulted.
      return applyPolicy(candidates, { kind: 'reject' }, senderHome, 'name');
    case 'phone':
      return applyPolicy(candidates, ns.choice, senderHome, source);
    case 'handle':
      return applyPolicy(candidates, ns.ambiguity, senderHome, source);
    default: {
      const never: never = ns;
      throw new Error(`unknown namespace ${JSON.stringify(never)}`);
    }
  }
}

/** Resolution through one view with the namespace's policy (no discovery costs; see `discovery/`). */
export function resolveIn(world: IdentityWorld, id: Identifier, view: DirectoryView, senderHome: ProviderId, at: SimTime): Resolution {
  const source: ResolutionSource = view.kind === 'authoritative' ? 'shared-directory' : 'home-directory';
  return resolveAmong(world, id, candidatesIn(world, id, view, at), senderHome, source);
}
