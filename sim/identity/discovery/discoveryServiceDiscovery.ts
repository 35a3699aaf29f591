import { after, type Duration, type SimTime } from '../../core/index.ts';
import type { Candidate } from '../candidate.ts';
import { AUTHORITATIVE, candidatesIn, resolveAmong } from '../directoryView.ts';
import { formatIdentifier } from '../identifier.ts';
import type { IdentityWorld } from '../identityNamespace.ts';
import { PersistentMap } from '../persistentMap.ts';
import { homeFirst } from './homeFirst.ts';
import { costOf, providerParty, type Discovery, type DiscoveryLookup, type DiscoveryQuery, type Exchange } from './discovery.ts';
import { markStale } from './staleness.ts';

interface CacheEntry {
  readonly candidates: readonly Candidate[];
  readonly fetchedAt: SimTime;
}

/**
 * Federation with an MX-like discovery service (the role DNS MX records play for e-mail, proposed for
 * federated MLS and MIMI): each home provider asks the shared service and caches the answer for
 * `cacheTtl`. A number ported within that time still resolves, from the cache, to its old provider.
 * Only found identifiers are cached (no negative caching), so a new registration is seen at once.
 */
export function discoveryServiceDiscovery(cacheTtl: Duration, onNetFirst: boolean): Discovery {
  return withCache(cacheTtl, onNetFirst, PersistentMap.empty());
}

function withCache(cacheTtl: Duration, onNetFirst: boolean, cache: PersistentMap<string, CacheEntry>): Discovery {
  const self: Discovery = {
    kind: 'discovery-service',
    lookup(world: IdentityWorld, { sender, target, at }: DiscoveryQuery): DiscoveryLookup {
      const first = homeFirst(world, { sender, target, at }, onNetFirst, self);
      if ('done' in first) return first.done;
      const { ask } = first;
      const key = `${sender.home}\0${formatIdentifier(target)}`;
      const hit = cache.get(key);
      if (hit !== undefined && at < after(hit.fetchedAt, cacheTtl)) {
        const cached = markStale(world, target, at, hit.candidates);
        return { resolution: resolveAmong(world, target, cached, sender.home, 'cache'), cost: costOf([ask]), discovery: self };
      }
      const fresh = candidatesIn(world, target, AUTHORITATIVE, at);
      const query: Exchange = { step: 2, from: providerParty(sender.home), to: { kind: 'discovery-service' } };
      const next = fresh.length > 0 && cacheTtl > 0 ? cache.set(key, { candidates: fresh, fetchedAt: at }) : hit === undefined ? cache : cache.delete(key);
      return {
        resolution: resolveAmong(world, target, fresh, sender.home, 'shared-directory'),
        cost: costOf([ask, query]),
        discovery: next === cache ? self : withCache(cacheTtl, onNetFirst, next),
      };
    },
  };
  return self;
}
