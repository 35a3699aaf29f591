import { ZERO } from '../../core/index.ts';
import { candidatesIn, providerView, resolveAmong } from '../directoryView.ts';
import { formatIdentifier } from '../identifier.ts';
import type { IdentityWorld } from '../identityNamespace.ts';
import type { ProviderId } from '../providerId.ts';
import type { Resolution } from '../resolution.ts';
import { clientParty, costOf, providerParty, type ClientBook, type Discovery, type DiscoveryLookup, type DiscoveryQuery } from './discovery.ts';
import { markStale } from './staleness.ts';

const NO_ACCOUNT: Resolution = { kind: 'unresolvable', reason: 'no-account-at-provider' };

/**
 * Client-API interop (a multi-protocol app, as DMA art. 7 allows through a gatekeeper's client API):
 * the user's address book answers first, then every service the user holds an account on is asked in
 * parallel. A contact on a service without an account stays unreachable.
 */
export function clientSideDiscovery(clients: ReadonlyMap<string, ClientBook>): Discovery {
  const self: Discovery = {
    kind: 'client-side',
    lookup(world: IdentityWorld, { sender, target, at }: DiscoveryQuery): DiscoveryLookup {
      const book = clients.get(sender.user);
      const accounts: ProviderId[] = [...new Set<ProviderId>([sender.home, ...(book?.accounts ?? [])])].sort();
      const local = (resolution: Resolution): DiscoveryLookup => ({ resolution, cost: costOf([]), discovery: self });
      if (target.kind === 'hierarchical') {
        return local(accounts.includes(target.provider) ? resolveAmong(world, target, candidatesIn(world, target, providerView(target.provider), at), sender.home, 'name') : NO_ACCOUNT);
      }
      const filed = book?.addressBook.get(formatIdentifier(target));
      if (filed !== undefined) {
        if (!accounts.includes(filed)) return local(NO_ACCOUNT);
        const [c] = markStale(world, target, at, [{ provider: filed, registeredAt: ZERO, stale: false }]);
        return local({ kind: 'resolved', provider: filed, stale: c!.stale, source: 'address-book' });
      }
      const exchanges = accounts.map((p) => ({ step: 1, from: clientParty(sender.user), to: providerParty(p) }));
      const found = accounts.flatMap((p) => candidatesIn(world, target, providerView(p), at));
      const resolution = found.length === 0 ? NO_ACCOUNT : resolveAmong(world, target, found, sender.home, 'account-directories');
      return { resolution, cost: costOf(exchanges), discovery: self };
    },
  };
  return self;
}
