import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, randomLcg, type SimulationNodeDatum } from 'd3';

export interface LayoutNode {
  readonly id: string;
  readonly r: number;
}

export interface LayoutOptions {
  /** Seed of d3-force's random source (used only to separate coincident nodes). */
  readonly seed?: number;
  readonly ticks?: number;
}

interface SimNode extends SimulationNodeDatum {
  readonly id: string;
  readonly r: number;
}

/**
 * Positions for a graph, computed headless and reproducibly: nodes enter in id order (d3 seeds their
 * start positions on a phyllotaxis spiral by index), the random source is a seeded LCG, and the
 * simulation runs a fixed number of ticks with no timer. Same graph and seed, same positions.
 */
export function forceLayout(nodes: readonly LayoutNode[], edges: readonly { source: string; target: string }[], options: LayoutOptions = {}): Map<string, { x: number; y: number }> {
  const simNodes: SimNode[] = [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((n) => ({ id: n.id, r: n.r }));
  const ids = new Set(simNodes.map((n) => n.id));
  const simLinks = edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ source: e.source, target: e.target }))
    .sort((a, b) => (a.source + '|' + a.target < b.source + '|' + b.target ? -1 : 1));
  const sim = forceSimulation<SimNode>(simNodes)
    .randomSource(randomLcg(options.seed ?? 1))
    .force('link', forceLink<SimNode, { source: string | SimNode; target: string | SimNode }>(simLinks).id((d) => d.id).distance((l) => 110 + (l.source as SimNode).r + (l.target as SimNode).r))
    .force('charge', forceManyBody<SimNode>().strength(-900))
    .force('collide', forceCollide<SimNode>((d) => d.r + 36))
    .force('center', forceCenter(0, 0))
    .stop();
  sim.tick(options.ticks ?? 300);
  const out = new Map<string, { x: number; y: number }>();
  const placed = landscape(simNodes.map((n) => [n.x ?? 0, n.y ?? 0]));
  simNodes.forEach((n, i) => out.set(n.id, { x: Math.round(placed[i]![0] * 10) / 10, y: Math.round(placed[i]![1] * 10) / 10 }));
  return out;
}

/** Rotates points about their centroid so their principal axis is horizontal: screens are wide. */
function landscape(points: [number, number][]): [number, number][] {
  const n = points.length || 1;
  const cx = points.reduce((s, p) => s + p[0], 0) / n, cy = points.reduce((s, p) => s + p[1], 0) / n;
  let sxx = 0, syy = 0, sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - cx) ** 2;
    syy += (y - cy) ** 2;
    sxy += (x - cx) * (y - cy);
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const cos = Math.cos(-angle), sin = Math.sin(-angle);
  return points.map(([x, y]) => [(x - cx) * cos - (y - cy) * sin, (x - cx) * sin + (y - cy) * cos]);
}
