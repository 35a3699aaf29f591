import { AUTHORITATIVE, candidatesIn, providerView, resolveAmong } from '../directoryView.ts';
import type { IdentityWorld } from '../identityNamespace.ts';
import { clientParty, costOf, providerParty, type Discovery, type DiscoveryLookup, type DiscoveryQuery, type Exchange } from './discovery.ts';

/**
 * What server-side discovery does before asking anyone else: a hierarchical name is its own route;
 * the client's request to its home provider is the first exchange; with `onNetFirst` the home
 * provider answers a phone number from its own subscribers (where a port-out's stale entry misroutes).
 * Returns the finished lookup, or the first exchange to build on.
 */
export function homeFirst(world: IdentityWorld, { sender, target, at }: DiscoveryQuery, onNetFirst: boolean, self: Discovery): { done: DiscoveryLookup } | { ask: Exchange } {
  if (target.kind === 'hierarchical') {
    return { done: { resolution: resolveAmong(world, target, candidatesIn(world, target, AUTHORITATIVE, at), sender.home, 'name'), cost: costOf([]), discovery: self } };
  }
  const ask: Exchange = { step: 1, from: clientParty(sender.user), to: providerParty(sender.home) };
  if (onNetFirst && target.kind === 'phone') {
    const own = candidatesIn(world, target, providerView(sender.home), at);
    if (own.length > 0) return { done: { resolution: resolveAmong(world, target, own, sender.home, 'home-directory'), cost: costOf([ask]), discovery: self } };
  }
  return { ask };
}
