import type { NodeId } from '../core/index.ts';

export interface WeightedEdge {
  readonly to: NodeId;
  readonly weight: number;
}

/**
 * Next hops toward `dst` from every node, by Dijkstra over link weights (mean latency). Ties go to the
 * lexicographically smaller node id, so routes never depend on insertion order.
 */
export function nextHopsToward(dst: NodeId, adjacency: ReadonlyMap<NodeId, readonly WeightedEdge[]>, endpointsOnly: ReadonlySet<NodeId> = new Set()): Map<NodeId, NodeId> {
  const dist = new Map<NodeId, number>([[dst, 0]]);
  const next = new Map<NodeId, NodeId>();
  const done = new Set<NodeId>();
  // Graphs here have tens to hundreds of nodes; a linear scan for the minimum is simple and fast enough.
  for (;;) {
    let u: NodeId | undefined;
    let best = Infinity;
    for (const [n, d] of dist) {
      if (done.has(n)) continue;
      if (d < best || (d === best && u !== undefined && n < u)) {
        best = d;
        u = n;
      }
    }
    if (u === undefined) break;
    done.add(u);
    // Nothing routes through an endpoint-only node; it is still reached, and sends, over its own links.
    if (u !== dst && endpointsOnly.has(u)) continue;
    for (const e of adjacency.get(u) ?? []) {
      // Links are symmetric, so the edge u->v also says how v reaches u.
      const v = e.to;
      if (done.has(v)) continue;
      const nd = best + e.weight;
      const old = dist.get(v);
      if (old === undefined || nd < old || (nd === old && u < next.get(v)!)) {
        dist.set(v, nd);
        next.set(v, u);
      }
    }
  }
  return next;
}
