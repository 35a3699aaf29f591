import type { TopologyFile } from './topologyFile.ts';

/** A node of the run as the viewer groups it: clients are drawn inside their provider's client group. */
export interface Entity {
  readonly id: string;
  readonly kind: string;
  /** The topology-graph node that shows it: itself, or `clients:<provider>` for a client device. */
  readonly group: string;
  /** For a client, the server it attaches to (if known). */
  readonly provider?: string;
}

export const CLIENT_KIND = 'client';
/** A party the trace names but the network does not hold: an attacker (`attacker/...`), drawn on its own. */
export const ATTACKER_KIND = 'attacker';
const isAttackerId = (id: string) => id.startsWith('attacker/');
export const clientGroupId = (provider: string | undefined) => `clients:${provider ?? '?'}`;

/**
 * Every node named in topology.json or in the trace. A device id is `<provider>/<user>/<device>`; a
 * device whose prefix is not a server attaches to the server at the other end of its access link.
 */
export function entitiesOf(topology: TopologyFile | undefined, traceNodes: readonly string[]): Map<string, Entity> {
  const kinds = new Map<string, string>();
  for (const n of topology?.nodes ?? []) kinds.set(n.id, n.kind);
  for (const id of traceNodes) if (!kinds.has(id)) kinds.set(id, isAttackerId(id) ? ATTACKER_KIND : id.includes('/') ? CLIENT_KIND : 'server');
  const isServer = (id: string | undefined) => id !== undefined && kinds.has(id) && kinds.get(id) !== CLIENT_KIND;
  const neighbour = new Map<string, string>();
  for (const l of topology?.links ?? []) {
    if (kinds.get(l.a) === CLIENT_KIND && isServer(l.b)) neighbour.set(l.a, l.b);
    if (kinds.get(l.b) === CLIENT_KIND && isServer(l.a)) neighbour.set(l.b, l.a);
  }
  const out = new Map<string, Entity>();
  for (const [id, kind] of [...kinds].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (kind === ATTACKER_KIND) {
      // It acts at the server its id names (`attacker/key-substitution/provB`, `attacker/downgrade@provA`).
      const at = id.split(/[/@]/).reverse().find((part) => isServer(part) && kinds.get(part) !== ATTACKER_KIND);
      out.set(id, { id, kind, group: id, ...(at !== undefined && { provider: at }) });
      continue;
    }
    if (kind !== CLIENT_KIND) {
      out.set(id, { id, kind, group: id });
      continue;
    }
    const prefix = id.split('/')[0];
    const provider = isServer(prefix) ? prefix : neighbour.get(id);
    out.set(id, { id, kind, group: clientGroupId(provider), ...(provider !== undefined && { provider }) });
  }
  return out;
}
