import type { NodeId } from '../core/index.ts';
import { chain, fullMesh, hubAndSpoke, type LinkSpec, type Network } from '../net/index.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import type { Architecture } from '../interop/index.ts';

/** Adds the bridge or discovery node an architecture needs, linked to every provider, unless the scenario has it. */
export function addInfrastructure(s: Scenario, arch: Architecture, net: Network): { bridge?: NodeId; discovery?: NodeId } {
  const out: { bridge?: NodeId; discovery?: NodeId } = {};
  for (const need of arch.needs) {
    const id = (need === 'bridge' ? s.interop.bridgeNode : s.interop.discoveryNode) as NodeId;
    out[need] = id;
    if (net.hasNode(id)) continue;
    net.addNode({ id, kind: need, serviceMicros: 100 });
    for (const p of s.providers) net.addLink({ a: id, b: p.id as NodeId, ...s.network.interProvider });
  }
  return out;
}

const sec = (s: number) => Math.round(s * 1_000_000);

/** Outage windows of the scenario in virtual microseconds. */
export function outagesOf(s: Scenario) {
  return s.network.outages.map((o) => {
    const w = { from: sec(o.fromSeconds), to: sec(o.toSeconds) };
    switch (o.kind) {
      case 'link':
        return { kind: 'link' as const, a: o.a as NodeId, b: o.b as NodeId, ...w };
      case 'node':
        return { kind: 'node' as const, node: o.node as NodeId, ...w };
      case 'partition':
        return { kind: 'partition' as const, sides: o.sides.map((side) => side.map((n) => n as NodeId)), ...w };
    }
  });
}

/** Adds the scenario's servers, infrastructure nodes and the links between them to `net` (devices come with their users). */
export function buildNetwork(s: Scenario, net: Network): void {
  const providers = s.providers.map((p) => p.id as NodeId);
  for (const p of s.providers) net.addNode({ id: p.id as NodeId, kind: 'provider', serviceMicros: p.serviceMicros, ...(p.queueLimit !== undefined && { queueLimit: p.queueLimit }) });
  for (const n of s.nodes) net.addNode({ id: n.id as NodeId, kind: n.kind, serviceMicros: n.serviceMicros ?? 100 });
  const params = s.network.interProvider;
  const topo = s.network.topology;
  let links: LinkSpec[];
  switch (topo.kind) {
    case 'full-mesh':
      links = fullMesh(providers, params);
      break;
    case 'hub-and-spoke':
      links = hubAndSpoke(topo.hub as NodeId, [...providers, ...s.nodes.map((n) => n.id as NodeId)], params);
      break;
    case 'chain':
      links = chain(topo.order as NodeId[], params);
      break;
    case 'explicit':
      links = topo.edges.map(({ a, b, ...over }) => ({ ...params, ...over, a: a as NodeId, b: b as NodeId }));
      break;
  }
  for (const l of links) net.addLink(l);
}
