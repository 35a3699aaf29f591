import type { Duration, SimTime } from '../../core/index.ts';
import type { Identifier } from '../identifier.ts';
import type { IdentityWorld } from '../identityNamespace.ts';
import type { ProviderId } from '../providerId.ts';
import type { Resolution } from '../resolution.ts';

export interface Sender {
  readonly user: string;
  readonly home: ProviderId;
}

export interface DiscoveryQuery {
  readonly sender: Sender;
  readonly target: Identifier;
  readonly at: SimTime;
}

/** Who takes part in a lookup; the caller maps parties to network nodes. */
export type Party =
  | { readonly kind: 'client'; readonly user: string }
  | { readonly kind: 'provider'; readonly provider: ProviderId }
  | { readonly kind: 'shared-directory' }
  | { readonly kind: 'discovery-service' };

/** One request/response pair; exchanges with the same `step` run in parallel, steps run in order from 1. */
export interface Exchange {
  readonly step: number;
  readonly from: Party;
  readonly to: Party;
}

/**
 * What a lookup costs on the wire before the message can be sent. `roundTrips` is the sequential depth
 * (what virtual time is proportional to); `requests` counts exchanges, more than `roundTrips` when some
 * run in parallel. A hierarchical name is its own route and costs nothing to look up.
 */
export interface LookupCost {
  readonly roundTrips: number;
  readonly requests: number;
  readonly exchanges: readonly Exchange[];
}

export interface DiscoveryLookup {
  readonly resolution: Resolution;
  readonly cost: LookupCost;
  /** The strategy after the lookup (a cache may have filled); the one called is left unchanged. */
  readonly discovery: Discovery;
}

/** How one architecture finds the provider behind an identifier. */
export interface Discovery {
  readonly kind: DiscoveryKind;
  lookup(world: IdentityWorld, query: DiscoveryQuery): DiscoveryLookup;
}

/** A user's side of a multi-protocol client: the services they hold accounts on and their address book. */
export interface ClientBook {
  readonly accounts: readonly ProviderId[];
  /** Formatted identifier → provider, as the user filed it (it is not updated when a number is ported). */
  readonly addressBook: ReadonlyMap<string, ProviderId>;
}

export type DiscoverySpec =
  /** Silo: each provider sees only its own users. */
  | { readonly kind: 'none' }
  /** Client-API interop: the client holds one account per service and looks contacts up on each. */
  | { readonly kind: 'client-side'; readonly clients: ReadonlyMap<string, ClientBook> }
  /** Bridges/hubs: the home provider's gateway asks a shared directory. */
  | { readonly kind: 'gateway-lookup'; readonly onNetFirst: boolean }
  /** Federation with an MX-like service mapping identifiers to home providers, cached at each provider. */
  | { readonly kind: 'discovery-service'; readonly cacheTtl: Duration; readonly onNetFirst: boolean };

export type DiscoveryKind = DiscoverySpec['kind'];

export const costOf = (exchanges: readonly Exchange[]): LookupCost => ({
  roundTrips: exchanges.reduce((m, e) => Math.max(m, e.step), 0),
  requests: exchanges.length,
  exchanges,
});

export const clientParty = (user: string): Party => ({ kind: 'client', user });
export const providerParty = (provider: ProviderId): Party => ({ kind: 'provider', provider });
