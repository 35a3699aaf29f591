import { AUTHORITATIVE, candidatesIn, resolveAmong } from '../directoryView.ts';
import type { IdentityWorld } from '../identityNamespace.ts';
import { homeFirst } from './homeFirst.ts';
import { costOf, providerParty, type Discovery, type DiscoveryLookup, type DiscoveryQuery, type Exchange } from './discovery.ts';

/**
 * Bridges and hubs (a MIMI hub, a gatekeeper's interop gateway): the client asks its home provider,
 * whose gateway asks a shared directory. With `onNetFirst` the home provider first checks its own
 * subscribers, as telephone exchanges route on-net before a portability query; for phone numbers that
 * is where a stale entry left by a port-out misroutes.
 */
export function gatewayLookupDiscovery(onNetFirst: boolean): Discovery {
  const self: Discovery = {
    kind: 'gateway-lookup',
    lookup(world: IdentityWorld, { sender, target, at }: DiscoveryQuery): DiscoveryLookup {
      const first = homeFirst(world, { sender, target, at }, onNetFirst, self);
      if ('done' in first) return first.done;
      const { ask } = first;
      const shared: Exchange = { step: 2, from: providerParty(sender.home), to: { kind: 'shared-directory' } };
      const resolution = resolveAmong(world, target, candidatesIn(world, target, AUTHORITATIVE, at), sender.home, 'shared-directory');
      return { resolution, cost: costOf([ask, shared]), discovery: self };
    },
  };
  return self;
}
