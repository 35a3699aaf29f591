import { ATTACKER_KIND, CLIENT_KIND, type Entity } from './entities.ts';
import { forceLayout } from './forceLayout.ts';
import { ARROW_CLASSES, EVENT_TYPES, type TraceIndex } from './traceIndex.ts';
import { linkKey, meanLatencyMs, type TopologyFile } from './topologyFile.ts';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  /** Devices in a client group; 1 for a server. */
  readonly count: number;
  readonly r: number;
  readonly x: number;
  readonly y: number;
  /** Envelopes dropped at this node itself (queue full, node down, no route). */
  readonly drops: number;
  /** Decryptions by parties here that are not intended endpoints (`expose` records), by role. */
  readonly exposures: Readonly<Record<string, number>>;
}

export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  /** Links of the topology this edge stands for (a client group's access links count as many). */
  readonly links: number;
  readonly latencyMs?: number;
  readonly bytes: number;
  readonly hops: number;
  readonly drops: number;
  /** No topology link: an attacker drawn next to the server it acts at. */
  readonly attack?: true;
}

export interface TopologyGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const DROPPED = ARROW_CLASSES.indexOf('dropped');
const EXPOSE = EVENT_TYPES.indexOf('expose');

/**
 * Servers as nodes, each provider's devices as one bubble sized by their count, links as edges with
 * the bytes carried and envelopes lost on them (from the trace index, when there is one).
 */
export function buildGraph(entities: ReadonlyMap<string, Entity>, topology: TopologyFile | undefined, index: TraceIndex | undefined): TopologyGraph {
  const groups = new Map<string, { kind: string; count: number; label: string }>();
  for (const e of entities.values()) {
    const g = groups.get(e.group);
    if (g !== undefined) g.count++;
    else if (e.kind === CLIENT_KIND) groups.set(e.group, { kind: 'clients', count: 1, label: e.provider === undefined ? 'devices' : `${e.provider} devices` });
    else groups.set(e.group, { kind: e.kind, count: 1, label: e.id });
  }
  const edges = new Map<string, { source: string; target: string; links: number; latency: number[]; bytes: number; hops: number; drops: number; attack?: true }>();
  const edge = (a: string, b: string) => {
    const key = linkKey(a, b);
    let e = edges.get(key);
    if (e === undefined) edges.set(key, (e = { source: a < b ? a : b, target: a < b ? b : a, links: 0, latency: [], bytes: 0, hops: 0, drops: 0 }));
    return e;
  };
  for (const e of entities.values()) if (e.kind === ATTACKER_KIND && e.provider !== undefined) edge(e.id, e.provider).attack = true;
  for (const l of topology?.links ?? []) {
    const a = entities.get(l.a)?.group, b = entities.get(l.b)?.group;
    if (a === undefined || b === undefined || a === b) continue;
    const e = edge(a, b);
    e.links++;
    const ms = meanLatencyMs(l);
    if (ms !== undefined) e.latency.push(ms);
  }
  const nodeDrops = new Map<string, number>();
  const exposures = new Map<string, Record<string, number>>();
  if (index !== undefined) {
    const { events } = index;
    for (let e = 0; e < events.count; e++) {
      if (events.type[e] !== EXPOSE) continue;
      const id = index.nodes.at(events.node[e]!);
      const g = entities.get(id)?.group ?? id;
      const as = index.strings.at(events.reason[e]!);
      const counts = exposures.get(g) ?? {};
      counts[as] = (counts[as] ?? 0) + 1;
      exposures.set(g, counts);
    }
    const groupOf = index.nodes.values.map((id) => entities.get(id)?.group ?? id);
    const { arrows } = index;
    for (let i = 0; i < arrows.count; i++) {
      const a = groupOf[arrows.from[i]!]!, b = groupOf[arrows.to[i]!]!;
      const dropped = arrows.cls[i] === DROPPED;
      if (a === b) {
        if (dropped) nodeDrops.set(a, (nodeDrops.get(a) ?? 0) + 1);
        continue;
      }
      const e = edge(a, b);
      if (dropped) e.drops++;
      else (e.bytes += arrows.bytes[i]!), e.hops++;
    }
  }
  const radius = (kind: string, count: number) => (kind === 'clients' ? 14 + 5 * Math.sqrt(count) : kind === 'provider' ? 26 : kind === ATTACKER_KIND ? 16 : 20);
  const layoutNodes = [...groups].map(([id, g]) => ({ id, r: radius(g.kind, g.count) }));
  const edgeList = [...edges.values()].sort((x, y) => (x.source + '|' + x.target < y.source + '|' + y.target ? -1 : 1));
  const pos = forceLayout(layoutNodes, edgeList, { seed: 1, ticks: 300 });
  return {
    nodes: [...groups]
      .map(([id, g]) => ({ id, label: g.label, kind: g.kind, count: g.count, r: radius(g.kind, g.count), ...pos.get(id)!, drops: nodeDrops.get(id) ?? 0, exposures: exposures.get(id) ?? {} }))
      .sort((x, y) => (x.id < y.id ? -1 : 1)),
    edges: edgeList.map(({ latency, ...e }) => ({ ...e, ...(latency.length > 0 && { latencyMs: Math.round((latency.reduce((s, v) => s + v, 0) / latency.length) * 10) / 10 }) })),
  };
}
