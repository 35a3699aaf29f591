import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId, RandomStreams, type NodeId } from '../../sim/core/index.ts';
import { nextHopsToward, RouteTable, type WeightedEdge } from '../../sim/net/routing.ts';

/** A random world: a few servers (some linked, some endpoint-only), devices hanging off them, ties common. */
function world(seed: number): { adjacency: Map<NodeId, WeightedEdge[]>; endpointsOnly: Set<NodeId> } {
  const rng = new RandomStreams(`routing-${seed}`).stream('routing-test');
  const adjacency = new Map<NodeId, WeightedEdge[]>();
  const endpointsOnly = new Set<NodeId>();
  const link = (a: NodeId, b: NodeId, w: number) => {
    adjacency.get(a)!.push({ to: b, weight: w });
    adjacency.get(b)!.push({ to: a, weight: w });
  };
  const servers = Array.from({ length: rng.int(2, 7) }, (_, i) => nodeId(`s${i}`));
  for (const s of servers) adjacency.set(s, []);
  const weights = [1, 2, 3, 0.1 + 0.2, 0.3];
  for (let i = 0; i < servers.length; i++)
    for (let j = i + 1; j < servers.length; j++) if (rng.chance(0.6)) link(servers[i]!, servers[j]!, weights[rng.int(0, weights.length - 1)]!);
  for (const s of servers) if (rng.chance(0.2)) endpointsOnly.add(s);
  for (let d = 0; d < 30; d++) {
    const dev = nodeId(`d${d}`);
    adjacency.set(dev, []);
    link(dev, servers[rng.int(0, servers.length - 1)]!, weights[rng.int(0, weights.length - 1)]!);
    if (rng.chance(0.1)) endpointsOnly.add(dev);
  }
  // A pair joined only to each other, and a node with no links.
  for (const n of ['x', 'y', 'z']) adjacency.set(nodeId(n), []);
  link(nodeId('x'), nodeId('y'), 1);
  return { adjacency, endpointsOnly };
}

/** The plain Dijkstra with a linear minimum scan that routes were first computed with: the reference. */
function linearReference(dst: NodeId, adjacency: ReadonlyMap<NodeId, readonly WeightedEdge[]>, endpointsOnly: ReadonlySet<NodeId>): Map<NodeId, NodeId> {
  const dist = new Map<NodeId, number>([[dst, 0]]);
  const next = new Map<NodeId, NodeId>();
  const done = new Set<NodeId>();
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
    if (u !== dst && endpointsOnly.has(u)) continue;
    for (const e of adjacency.get(u) ?? []) {
      if (done.has(e.to)) continue;
      const nd = best + e.weight;
      const old = dist.get(e.to);
      if (old === undefined || nd < old || (nd === old && u < next.get(e.to)!)) {
        dist.set(e.to, nd);
        next.set(e.to, u);
      }
    }
  }
  return next;
}

test('RouteTable gives every pair the next hop Dijkstra over the whole graph gives, ties included', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const { adjacency, endpointsOnly } = world(seed);
    const table = new RouteTable(adjacency, endpointsOnly);
    for (const dst of adjacency.keys()) {
      const full = linearReference(dst, adjacency, endpointsOnly);
      assert.deepEqual(new Map([...nextHopsToward(dst, adjacency, endpointsOnly)].sort()), new Map([...full].sort()), `seed ${seed}: heap toward ${dst}`);
      for (const at of adjacency.keys()) assert.equal(table.nextHop(at, dst), full.get(at), `seed ${seed}: ${at} toward ${dst}`);
    }
  }
});
