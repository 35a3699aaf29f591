import type { Interner } from './columns.ts';
import { ATTACKER_KIND, CLIENT_KIND, type Entity } from './entities.ts';

/** A vertical lane of the sequence diagram: one server, one device, or a provider's devices together. */
export interface Lane {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  /** The topology-graph node the lane belongs to (replay animates between these). */
  readonly group: string;
  /** Nodes drawn in this lane. */
  readonly nodes: number;
}

export interface Lanes {
  readonly lanes: readonly Lane[];
  /** Lane of each trace node (by its index in the node interner). */
  readonly laneOf: Int32Array;
  /** True when devices share one lane per provider. */
  readonly aggregated: boolean;
}

/** Runs with at most this many devices get a lane per device. */
export const SMALL_RUN_DEVICES = 12;

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Lanes in reading order: the first half of the providers with their devices on the outside left,
 * the other servers (bridges, hubs, discovery) in the middle, the rest of the providers on the right.
 */
export function buildLanes(entities: ReadonlyMap<string, Entity>, nodes: Interner): Lanes {
  const devices = [...entities.values()].filter((e) => e.kind === CLIENT_KIND);
  const aggregated = devices.length > SMALL_RUN_DEVICES;
  const providers = [...entities.values()].filter((e) => e.kind === 'provider').map((e) => e.id).sort(byId);
  const others = [...entities.values()].filter((e) => e.kind !== 'provider' && e.kind !== CLIENT_KIND && e.kind !== ATTACKER_KIND).map((e) => e.id).sort(byId);
  const attackers = [...entities.values()].filter((e) => e.kind === ATTACKER_KIND).map((e) => e.id).sort(byId);
  const devicesOf = (group: string) => devices.filter((d) => d.group === group).map((d) => d.id).sort(byId);
  const lanes: Lane[] = [];
  const laneOfId = new Map<string, number>();
  const addServer = (id: string) => {
    laneOfId.set(id, lanes.length);
    lanes.push({ id, label: id, kind: entities.get(id)!.kind, group: id, nodes: 1 });
  };
  const addDevices = (group: string) => {
    const ids = devicesOf(group);
    if (ids.length === 0) return;
    if (aggregated) {
      for (const d of ids) laneOfId.set(d, lanes.length);
      const owner = group.slice('clients:'.length);
      lanes.push({ id: group, label: `${owner} devices`, kind: 'clients', group, nodes: ids.length });
    } else {
      for (const d of ids) {
        laneOfId.set(d, lanes.length);
        lanes.push({ id: d, label: d, kind: CLIENT_KIND, group, nodes: 1 });
      }
    }
  };
  const half = Math.ceil(providers.length / 2);
  providers.slice(0, half).forEach((p) => (addDevices(`clients:${p}`), addServer(p)));
  others.forEach(addServer);
  providers.slice(half).forEach((p) => (addServer(p), addDevices(`clients:${p}`)));
  // Attackers last, on the far right: a lane each, so what they decrypted is marked where it happened.
  attackers.forEach(addServer);
  const placed = new Set(devices.filter((d) => laneOfId.has(d.id)).map((d) => d.group));
  for (const g of [...new Set(devices.map((d) => d.group))].sort(byId)) if (!placed.has(g)) addDevices(g);
  const laneOf = new Int32Array(nodes.size).fill(-1);
  nodes.values.forEach((id, i) => (laneOf[i] = laneOfId.get(id) ?? -1));
  return { lanes, laneOf, aggregated };
}
