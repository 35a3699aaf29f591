import type { RoutingPolicy } from '../actors/routingPolicy.ts';

export const ARCHITECTURE_NAMES = ['silo', 'client-api', 'bridge-reencrypt', 'bridge-e2ee', 'federated-mls', 'mimi-hub'] as const;
export type ArchitectureName = (typeof ARCHITECTURE_NAMES)[number];

/** Where a conversation's MLS group lives and who is in it. */
export type GroupPlacement =
  /** One group at the creator's provider; foreign members join through accounts they hold there. */
  | 'creator-provider-with-accounts'
  /** One group at the creator's provider; foreign members take part from their own provider. */
  | 'creator-provider'
  /** Cross-provider conversations live at the gatekeeper, whose servers third parties reach by API. */
  | 'gatekeeper'
  /** One group per provider, joined by a bridge member that decrypts and re-encrypts between them. */
  | 'per-provider-bridged';

/** How a sender's side learns which provider serves a recipient identifier. */
export type DiscoveryStyle = 'none' | 'client-side' | 'gateway-lookup' | 'discovery-service';

/**
 * An interoperability architecture as data: generic providers, devices and relays read it; no
 * architecture has a class of its own. Each `sim/interop/<name>.ts` file defines one.
 */
export interface Architecture {
  readonly name: ArchitectureName;
  readonly summary: string;
  readonly placement: GroupPlacement;
  /** How servers pass traffic between providers (`direct` also when there is none). */
  readonly routing: (ctx: { bridgeNode: string }) => RoutingPolicy;
  readonly discovery: DiscoveryStyle;
  /** Infrastructure node kinds the architecture needs beside the providers. */
  readonly needs: readonly ('bridge' | 'discovery')[];
  /** Apps a user runs to reach all contacts: one per account (silo) or one for all (a multi-protocol client). */
  readonly appsPerAccount: boolean;
}
