import { candidatesIn, providerView, resolveAmong } from '../directoryView.ts';
import type { IdentityWorld } from '../identityNamespace.ts';
import { clientParty, costOf, providerParty, type Discovery, type DiscoveryLookup, type DiscoveryQuery } from './discovery.ts';

/**
 * A silo: only the sender's own provider is asked, so contacts elsewhere are unreachable. Its own
 * table may still list a number ported away, so even a silo can misroute.
 */
export const noDiscovery: Discovery = {
  kind: 'none',
  lookup(world: IdentityWorld, { sender, target, at }: DiscoveryQuery): DiscoveryLookup {
    const exchanges = target.kind === 'hierarchical' ? [] : [{ step: 1, from: clientParty(sender.user), to: providerParty(sender.home) }];
    const own = candidatesIn(world, target, providerView(sender.home), at);
    const resolution =
      own.length === 0
        ? ({ kind: 'unresolvable', reason: 'not-on-home-provider' } as const)
        : resolveAmong(world, target, own, sender.home, 'home-directory');
    return { resolution, cost: costOf(exchanges), discovery: noDiscovery };
  },
};
