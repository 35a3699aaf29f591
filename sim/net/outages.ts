import type { NodeId, SimTime } from '../core/index.ts';
import { linkKey, type OutageSpec, type Window } from './spec.ts';

const inside = (w: Window, t: SimTime) => t >= w.from && t < w.to;

/** Scheduled outages and partitions, asked "is this link or node down at time t?". */
export class Outages {
  private readonly links = new Map<string, Window[]>();
  private readonly nodes = new Map<NodeId, Window[]>();
  private readonly partitions: { side: Map<NodeId, number>; window: Window }[] = [];
  /** False when no link outage or partition is scheduled: `linkDown` is then false for every link (asked at every hop). */
  readonly anyLinkDown: boolean;

  constructor(specs: readonly OutageSpec[]) {
    for (const s of specs) {
      if (s.to <= s.from) throw new RangeError(`outage window [${s.from}, ${s.to}) is empty`);
      switch (s.kind) {
        case 'link':
          push(this.links, linkKey(s.a, s.b), s);
          break;
        case 'node':
          push(this.nodes, s.node, s);
          break;
        case 'partition': {
          const side = new Map<NodeId, number>();
          s.sides.forEach((members, i) => members.forEach((n) => side.set(n, i)));
          this.partitions.push({ side, window: s });
          break;
        }
      }
    }
    this.anyLinkDown = this.links.size > 0 || this.partitions.length > 0;
  }

  nodeDown(node: NodeId, t: SimTime): boolean {
    if (this.nodes.size === 0) return false; // asked at every arrival: most runs have no outages
    return this.nodes.get(node)?.some((w) => inside(w, t)) ?? false;
  }

  linkDown(a: NodeId, b: NodeId, t: SimTime): boolean {
    if (this.links.size > 0 && this.links.get(linkKey(a, b))?.some((w) => inside(w, t))) return true;
    for (const p of this.partitions) {
      if (!inside(p.window, t)) continue;
      const sa = p.side.get(a);
      const sb = p.side.get(b);
      if (sa !== undefined && sb !== undefined && sa !== sb) return true;
    }
    return false;
  }
}

function push<K>(m: Map<K, Window[]>, k: K, w: Window): void {
  const list = m.get(k);
  if (list) list.push(w);
  else m.set(k, [w]);
}
