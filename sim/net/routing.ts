import type { NodeId } from '../core/index.ts';

export interface WeightedEdge {
  readonly to: NodeId;
  readonly weight: number;
}

/**
 * Next hops toward `dst` from every node, by Dijkstra over link weights (mean latency). Ties go to the
 * lexicographically smaller node id, so routes never depend on insertion order. Nothing routes through
 * a node in `endpointsOnly`; it is still reached, and sends, over its own links.
 */
export function nextHopsToward(dst: NodeId, adjacency: ReadonlyMap<NodeId, readonly WeightedEdge[]>, endpointsOnly: ReadonlySet<NodeId> = new Set()): Map<NodeId, NodeId> {
  return shortestPaths(dst, 0, dst, adjacency, endpointsOnly, undefined);
}

/**
 * The Dijkstra behind every route: settles nodes in order of (distance, id) from `seed`, which starts
 * at `seedDist` (a destination leaf's access-link weight when `seed` is that leaf's provider), and
 * records for each node the neighbour it reaches the seed through. Nodes in `skip` are left out: they
 * are leaves the caller resolves itself, and a leaf never lies between two other nodes.
 */
function shortestPaths(
  seed: NodeId,
  seedDist: number,
  dst: NodeId,
  adjacency: ReadonlyMap<NodeId, readonly WeightedEdge[]>,
  endpointsOnly: ReadonlySet<NodeId>,
  skip: ReadonlySet<NodeId> | undefined,
): Map<NodeId, NodeId> {
  const dist = new Map<NodeId, number>([[seed, seedDist]]);
  const next = new Map<NodeId, NodeId>();
  const done = new Set<NodeId>();
  const heap = new MinHeap();
  heap.push(seedDist, seed);
  for (;;) {
    const top = heap.pop();
    if (top === undefined) break;
    const [best, u] = top;
    if (done.has(u) || dist.get(u) !== best) continue; // a stale entry: u was reached more cheaply since
    done.add(u);
    if (u !== dst && endpointsOnly.has(u)) continue;
    for (const e of adjacency.get(u) ?? []) {
      // Links are symmetric, so the edge u->v also says how v reaches u.
      const v = e.to;
      if (done.has(v) || skip?.has(v) === true) continue;
      const nd = best + e.weight;
      const old = dist.get(v);
      if (old === undefined || nd < old || (nd === old && u < next.get(v)!)) {
        if (old !== nd) heap.push(nd, v);
        dist.set(v, nd);
        next.set(v, u);
      }
    }
  }
  return next;
}

/** A binary heap of (distance, node) ordered by distance, then node id: the order a linear scan finds. */
class MinHeap {
  private readonly d: number[] = [];
  private readonly n: NodeId[] = [];
  private less(i: number, j: number): boolean {
    const a = this.d[i]!;
    const b = this.d[j]!;
    return a < b || (a === b && this.n[i]! < this.n[j]!);
  }
  private swap(i: number, j: number): void {
    [this.d[i], this.d[j]] = [this.d[j]!, this.d[i]!];
    [this.n[i], this.n[j]] = [this.n[j]!, this.n[i]!];
  }
  push(dist: number, node: NodeId): void {
    this.d.push(dist);
    this.n.push(node);
    let i = this.d.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, NodeId] | undefined {
    if (this.d.length === 0) return undefined;
    const top: [number, NodeId] = [this.d[0]!, this.n[0]!];
    const lastD = this.d.pop()!;
    const lastN = this.n.pop()!;
    if (this.d.length > 0) {
      this.d[0] = lastD;
      this.n[0] = lastN;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.d.length && this.less(l, m)) m = l;
        if (r < this.d.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * Routes for a whole network, computed once per topology and shared by every destination. Devices hang
 * off their provider by one access link: such a leaf is never between two other nodes, so routes are
 * computed over the rest (the servers) and the leaf is reached down its link. Toward a leaf, every other
 * node's next hop is the one Dijkstra from that leaf would pick: a run seeded at its provider with the
 * access link's weight, shared by every leaf of that provider with the same weight. Same answers as
 * `nextHopsToward` over the whole graph, same ties, at a cost independent of the number of devices.
 */
export class RouteTable {
  /** Each leaf's only neighbour and the weight of the link to it. */
  private readonly anchor = new Map<NodeId, WeightedEdge>();
  private readonly leaves = new Set<NodeId>();
  private readonly toCore = new Map<NodeId, Map<NodeId, NodeId>>();
  private readonly toLeafVia = new Map<string, Map<NodeId, NodeId>>();
  /** Each leaf destination's table, found by the leaf (the shared tables are keyed by provider and weight). */
  private readonly toLeaf = new Map<NodeId, Map<NodeId, NodeId>>();

  constructor(
    private readonly adjacency: ReadonlyMap<NodeId, readonly WeightedEdge[]>,
    private readonly endpointsOnly: ReadonlySet<NodeId>,
  ) {
    for (const [n, edges] of adjacency) {
      const only = edges.length === 1 ? edges[0]! : undefined;
      // A pair of nodes joined only to each other stays in the core: neither is the other's server.
      if (only !== undefined && (adjacency.get(only.to)?.length ?? 0) > 1) {
        this.leaves.add(n);
        this.anchor.set(n, only);
      }
    }
  }

  /** The neighbour of `at` on its route toward `dst`, or undefined when there is none. */
  nextHop(at: NodeId, dst: NodeId): NodeId | undefined {
    if (at === dst) return undefined;
    const dstLeaf = this.anchor.get(dst);
    const atLeaf = this.anchor.get(at);
    if (dstLeaf === undefined) {
      const table = this.coreTable(dst);
      if (atLeaf === undefined) return table.get(at);
      // A leaf is reached once its provider is settled and expanded.
      const p = atLeaf.to;
      return this.expands(p, dst) && (p === dst || table.has(p)) ? p : undefined;
    }
    const p = dstLeaf.to;
    if (at === p) return dst;
    let table = this.toLeaf.get(dst);
    if (table === undefined) this.toLeaf.set(dst, (table = this.leafTable(p, dstLeaf.weight, dst)));
    if (atLeaf === undefined) return table.get(at);
    const q = atLeaf.to;
    return this.expands(q, dst) && (q === p || table.has(q)) ? q : undefined;
  }

  private expands(node: NodeId, dst: NodeId): boolean {
    return node === dst || !this.endpointsOnly.has(node);
  }

  private coreTable(dst: NodeId): Map<NodeId, NodeId> {
    let t = this.toCore.get(dst);
    if (t === undefined) {
      t = shortestPaths(dst, 0, dst, this.adjacency, this.endpointsOnly, this.leaves);
      this.toCore.set(dst, t);
    }
    return t;
  }

  /** Next hops among core nodes toward a leaf behind `provider` on a link of `weight`. */
  private leafTable(provider: NodeId, weight: number, leaf: NodeId): Map<NodeId, NodeId> {
    const key = `${provider}\u0000${weight}`;
    let t = this.toLeafVia.get(key);
    if (t === undefined) {
      // `leaf` is only a stand-in for "not the provider": the provider is never the destination here.
      t = shortestPaths(provider, weight, leaf, this.adjacency, this.endpointsOnly, this.leaves);
      this.toLeafVia.set(key, t);
    }
    return t;
  }
}
