import type { SimTime } from '../core/index.ts';
import { trueOwners } from './directoryView.ts';
import type { Identifier } from './identifier.ts';
import type { IdentityWorld } from './identityNamespace.ts';
import type { ProviderId } from './providerId.ts';
import type { Resolution } from './resolution.ts';

/**
 * A resolution judged against ground truth. `misrouted` is the failure portability and stale caches
 * cause and that the sender cannot see: the message goes, to the wrong provider (and possibly to the
 * number's previous holder).
 */
export type RouteClass =
  | { readonly kind: 'correct'; readonly provider: ProviderId }
  | { readonly kind: 'misrouted'; readonly provider: ProviderId; readonly owners: readonly ProviderId[]; readonly viaStale: boolean }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly ProviderId[] }
  /** `missed`: some provider did hold the identifier, so this was a false negative. */
  | { readonly kind: 'unresolvable'; readonly missed: boolean };

export function classifyResolution(r: Resolution, owners: readonly ProviderId[]): RouteClass {
  switch (r.kind) {
    case 'resolved':
      return owners.includes(r.provider)
        ? { kind: 'correct', provider: r.provider }
        : { kind: 'misrouted', provider: r.provider, owners, viaStale: r.stale };
    case 'ambiguous':
      return { kind: 'ambiguous', candidates: r.candidates };
    case 'unresolvable':
      return { kind: 'unresolvable', missed: owners.length > 0 };
    default: {
      const never: never = r;
      throw new Error(`unknown resolution ${JSON.stringify(never)}`);
    }
  }
}

/** Judges `r` against the providers that hold `id` at `at` in `world`. */
export const classifyAt = (world: IdentityWorld, id: Identifier, at: SimTime, r: Resolution): RouteClass =>
  classifyResolution(r, trueOwners(world, id, at));
