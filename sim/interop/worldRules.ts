import type { RoutingPolicy } from '../actors/routingPolicy.ts';
import type { NodeId } from '../core/index.ts';
import type { DiscoveryStyle } from './architecture.ts';
import { arrangementsInUse, pairKey, type ArrangementName, type ArrangementTable } from './arrangement.ts';
import { ARCHITECTURES } from './registry.ts';

/**
 * What a world's arrangement table asks of the run as a whole: infrastructure nodes, routing between
 * servers, how servers resolve identifiers, and whether accounts elsewhere need apps of their own. A
 * uniform table answers exactly as its architecture does (so the six architectures keep their digests).
 */

/** Infrastructure nodes the arrangements in use need: a bridge/gateway node, a discovery service. */
export function needsOf(table: ArrangementTable): readonly ('bridge' | 'discovery')[] {
  if (table.uniform !== undefined) return ARCHITECTURES[table.uniform].needs;
  const used = arrangementsInUse(table);
  const out: ('bridge' | 'discovery')[] = [];
  if (used.has('bridge-e2ee') || used.has('bridge-reencrypt')) out.push('bridge');
  if (used.has('federated') || used.has('hub')) out.push('discovery');
  return out;
}

/** How servers of a pair pass traffic: the pair's arrangement's routing. */
const ROUTING: Readonly<Record<ArrangementName, (bridgeNode: NodeId) => RoutingPolicy>> = {
  none: () => ({ kind: 'direct' }),
  'client-api': () => ({ kind: 'direct' }),
  'bridge-reencrypt': () => ({ kind: 'direct' }),
  'bridge-e2ee': (node) => ({ kind: 'via-node', node }),
  federated: () => ({ kind: 'direct' }),
  hub: () => ({ kind: 'via-group-home' }),
};

export function routingOf(table: ArrangementTable, bridgeNode: NodeId): RoutingPolicy {
  if (table.uniform !== undefined) return ARCHITECTURES[table.uniform].routing({ bridgeNode });
  const pairs = new Map<string, RoutingPolicy>();
  for (const [key, a] of table.pairs) pairs.set(key, ROUTING[a.kind](bridgeNode));
  return { kind: 'per-pair', pairs, fallback: ROUTING[table.fallback.kind](bridgeNode), providers: new Set(table.protocols.map((p) => p.provider)), key: pairKey };
}

/** How servers resolve a phone number or handle: by a discovery service when servers federate, else the gateway's. */
export function discoveryOf(table: ArrangementTable): DiscoveryStyle {
  if (table.uniform !== undefined) return ARCHITECTURES[table.uniform].discovery;
  const used = arrangementsInUse(table);
  if (used.has('federated') || used.has('hub')) return 'discovery-service';
  if (used.has('bridge-e2ee') || used.has('bridge-reencrypt')) return 'gateway-lookup';
  return used.has('client-api') ? 'client-side' : 'none';
}

/** Whether each account a user holds elsewhere takes an app of its own (a silo does; a multi-protocol client does not). */
export function appsPerAccountOf(table: ArrangementTable): boolean {
  if (table.uniform !== undefined) return ARCHITECTURES[table.uniform].appsPerAccount;
  return arrangementsInUse(table).has('none');
}

/** Whether any pair is joined by a re-encrypting bridge (the run then has a bridge member). */
export function hasReencryptingBridge(table: ArrangementTable): boolean {
  if (table.uniform !== undefined) return ARCHITECTURES[table.uniform].placement === 'per-provider-bridged';
  return arrangementsInUse(table).has('bridge-reencrypt');
}
