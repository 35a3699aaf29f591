import { RandomStreams, Simulator, type NodeId } from '../../core/index.ts';
import { chain, fullMesh, hubAndSpoke, meanLatencyMs, Network, type LatencyModel, type LinkSpec, type NodeSpec, type OutageSpec } from '../../net/index.ts';
import { Trace } from '../../trace/index.ts';
import type { Scenario } from '../../../scenarios/schema.ts';
import type { NetworkPlan, PlanProblem } from './worldPlan.ts';

const sec = (s: number) => Math.round(s * 1_000_000);

/** Outage windows of the scenario in virtual microseconds. */
function outagesOf(s: Scenario): OutageSpec[] {
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

interface Sourced<T> {
  readonly spec: T;
  /** The scenario field the spec comes from, for problems. */
  readonly at: string;
}

/** The topology's links, each with the field that asked for it. */
function topologyLinks(s: Scenario): Sourced<LinkSpec>[] {
  const providers = s.providers.map((p) => p.id as NodeId);
  const params = s.network.interProvider;
  const topo = s.network.topology;
  switch (topo.kind) {
    case 'full-mesh':
      return fullMesh(providers, params).map((spec) => ({ spec, at: 'network.topology' }));
    case 'hub-and-spoke':
      return hubAndSpoke(topo.hub as NodeId, [...providers, ...s.nodes.map((n) => n.id as NodeId)], params).map((spec) => ({ spec, at: 'network.topology.hub' }));
    case 'chain':
      return chain(topo.order as NodeId[], params).map((spec, i) => ({ spec, at: `network.topology.order[${i + 1}]` }));
    case 'explicit':
      return topo.edges.map(({ a, b, ...over }, i) => ({ spec: { ...params, ...over, a: a as NodeId, b: b as NodeId }, at: `network.topology.edges[${i}]` }));
  }
}

/** A latency model whose draws can overflow to Infinity (a huge lognormal sigma) cannot be simulated. */
function latencyProblem(l: LatencyModel): string | undefined {
  // Box-Muller normals stay below 9 in magnitude for 53-bit uniforms.
  const worst = l.kind === 'lognormal' ? l.medianMs * Math.exp(9 * l.sigma) : meanLatencyMs(l);
  if (!Number.isFinite(worst * 1000) || !Number.isFinite(meanLatencyMs(l))) return `delays would overflow to Infinity (${JSON.stringify(l)})`;
  return undefined;
}

/**
 * The servers, links and outages a run of `s` has with the infrastructure `needs`: providers, declared nodes, the
 * topology's links, then the bridge or discovery node the architecture needs (unless the scenario
 * declares it) linked to every provider. Every spec is tried on a scratch network, so whatever the
 * network would reject at run time (a link added twice, a self link) is a problem naming its field.
 */
export function planNetwork(s: Scenario, needs: readonly ('bridge' | 'discovery')[]): { network: NetworkPlan; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const nodes: Sourced<NodeSpec>[] = [
    ...s.providers.map((p, i) => ({ spec: { id: p.id as NodeId, kind: 'provider' as const, serviceMicros: p.serviceMicros, ...(p.queueLimit !== undefined && { queueLimit: p.queueLimit }) }, at: `providers[${i}].id` })),
    ...s.nodes.map((n, i) => ({ spec: { id: n.id as NodeId, kind: n.kind, serviceMicros: n.serviceMicros ?? 100 }, at: `nodes[${i}].id` })),
  ];
  const links = topologyLinks(s);
  const infra: { bridge?: NodeId; discovery?: NodeId } = {};
  for (const need of needs) {
    const field = need === 'bridge' ? 'interop.bridgeNode' : 'interop.discoveryNode';
    const id = (need === 'bridge' ? s.interop.bridgeNode : s.interop.discoveryNode) as NodeId;
    infra[need] = id;
    if (nodes.some((n) => n.spec.id === id)) continue; // declared by the scenario, linked by its topology
    // Added infrastructure is an endpoint: linked to every provider for its own traffic (lookups, relays
    // it makes as an actor), never a network hop between providers the topology keeps apart.
    nodes.push({ spec: { id, kind: need, serviceMicros: 100, transit: false }, at: field });
    for (const p of s.providers) links.push({ spec: { a: id, b: p.id as NodeId, ...s.network.interProvider }, at: field });
  }

  const scratch = new Network(new Simulator(), new RandomStreams('plan'), new Trace());
  const attempt = (at: string, f: () => void) => {
    try {
      f();
      return true;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      problems.push({ path: at, message: e.message.replace(/^network: /, '') });
      return false;
    }
  };
  const okNodes = nodes.filter((n) => attempt(n.at, () => scratch.addNode(n.spec)));
  const okLinks = links.filter((l) => {
    const bad = latencyProblem(l.spec.latency);
    if (bad !== undefined) return void problems.push({ path: `${l.at}.latency`, message: bad });
    return attempt(l.at, () => scratch.addLink(l.spec));
  });
  // A declared node no link reaches would silently swallow whatever is sent to it.
  s.nodes.forEach((n, i) => {
    if (!okLinks.some((l) => l.spec.a === n.id || l.spec.b === n.id))
      problems.push({ path: `nodes[${i}].id`, message: `"${n.id}" has no link under network.topology (${s.network.topology.kind}${s.network.topology.kind === 'full-mesh' ? ' links providers only' : ''}); link it with hub-and-spoke, chain or explicit edges` });
  });
  for (const [at, l] of [['network.access.latency', s.network.access.latency]] as const) {
    const bad = latencyProblem(l);
    if (bad !== undefined) problems.push({ path: at, message: bad });
  }
  return { network: { nodes: okNodes.map((n) => n.spec), links: okLinks.map((l) => l.spec), outages: outagesOf(s), infra }, problems };
}

/** Adds a planned network's servers and links to a live network, in the planned order. */
export function buildNetwork(plan: NetworkPlan, net: Network): void {
  for (const n of plan.nodes) net.addNode(n);
  for (const l of plan.links) net.addLink(l);
}
