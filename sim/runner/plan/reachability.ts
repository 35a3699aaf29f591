import type { NodeId } from '../../core/index.ts';
import { ARCHITECTURES, arrangementOf, type ArrangementTable } from '../../interop/index.ts';
import type { NetworkPlan } from './worldPlan.ts';

/**
 * Which servers can exchange traffic over the planned network, as the architecture routes it: a
 * network path whose inner hops all allow transit (added infrastructure never does), and under a
 * bridge (`via-node`, or a re-encrypting bridge member) both legs through the bridge. Outages are
 * windows in time, not part of this static view.
 */
export function serverReach(network: NetworkPlan, table: ArrangementTable, bridgeNode: NodeId): (a: NodeId, b: NodeId) => boolean {
  const endpoint = new Set(network.nodes.filter((n) => n.transit === false).map((n) => n.id));
  const parent = new Map<NodeId, NodeId>();
  const find = (x: NodeId): NodeId => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const neighbours = new Map<NodeId, NodeId[]>();
  for (const n of network.nodes) (parent.set(n.id, n.id), neighbours.set(n.id, []));
  for (const l of network.links) {
    neighbours.get(l.a)?.push(l.b);
    neighbours.get(l.b)?.push(l.a);
    if (!endpoint.has(l.a) && !endpoint.has(l.b)) parent.set(find(l.a), find(l.b));
  }
  // An endpoint-only node reaches out through its own links only.
  const entries = (x: NodeId): NodeId[] => (endpoint.has(x) ? (neighbours.get(x) ?? []).filter((n) => !endpoint.has(n)) : [x]);
  const reach = (a: NodeId, b: NodeId): boolean => {
    if (a === b || (neighbours.get(a) ?? []).includes(b)) return true;
    const roots = new Set(entries(a).map(find));
    return entries(b).some((n) => roots.has(find(n)));
  };
  const viaBridge = (a: NodeId, b: NodeId) => a === b || (reach(a, bridgeNode) && reach(bridgeNode, b));
  if (table.uniform !== undefined) {
    const arch = ARCHITECTURES[table.uniform];
    if (arch.placement === 'creator-provider-with-accounts') return () => true; // users hold accounts where the group is
    const route = arch.routing({ bridgeNode });
    if (route.kind === 'via-node' || arch.placement === 'per-provider-bridged') return viaBridge;
    return reach;
  }
  // A world: each pair as its arrangement carries it (accounts need no server path; bridges both legs).
  return (a, b) => {
    const arr = arrangementOf(table, a, b);
    if (arr === undefined) return true;
    switch (arr.kind) {
      case 'none':
      case 'client-api':
        return true;
      case 'bridge-e2ee':
      case 'bridge-reencrypt':
        return viaBridge(a, b);
      default:
        return reach(a, b);
    }
  };
}
