/** topology.json as runs write it (sim/runner/runScenario.ts): nodes with their kind, links with parameters. */
export interface TopologyFile {
  readonly nodes: readonly { readonly id: string; readonly kind: string }[];
  readonly links: readonly TopologyLink[];
}

export interface TopologyLink {
  readonly a: string;
  readonly b: string;
  readonly latency?: Readonly<Record<string, unknown>>;
  readonly jitterMs?: number;
  readonly loss?: number;
  readonly bandwidthMbps?: number;
}

const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);

/** Checks the parsed file's shape; throws a one-line error naming the field. */
export function checkTopology(value: unknown, label: string): TopologyFile {
  const fail = (path: string, what: string, got: unknown): never => {
    throw new TypeError(`${label}: ${path}: expected ${what}, got ${show(got)}`);
  };
  if (value === null || typeof value !== 'object') fail('(top level)', 'an object', value);
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.nodes)) fail('nodes', 'a list', v.nodes);
  if (!Array.isArray(v.links)) fail('links', 'a list', v.links);
  (v.nodes as unknown[]).forEach((n, i) => {
    const o = (n ?? {}) as Record<string, unknown>;
    if (typeof o.id !== 'string') fail(`nodes[${i}].id`, 'a string', o.id);
    if (typeof o.kind !== 'string') fail(`nodes[${i}].kind`, 'a string', o.kind);
  });
  (v.links as unknown[]).forEach((l, i) => {
    const o = (l ?? {}) as Record<string, unknown>;
    if (typeof o.a !== 'string') fail(`links[${i}].a`, 'a string', o.a);
    if (typeof o.b !== 'string') fail(`links[${i}].b`, 'a string', o.b);
    if (o.latency !== undefined && (o.latency === null || typeof o.latency !== 'object')) fail(`links[${i}].latency`, 'an object', o.latency);
  });
  return value as TopologyFile;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Mean one-way delay of a link in milliseconds (the latency model's mean plus half the jitter). */
export function meanLatencyMs(link: TopologyLink): number | undefined {
  const m = link.latency;
  if (m === undefined) return undefined;
  let ms: number | undefined;
  switch (m.kind) {
    case 'constant':
      ms = num(m.ms);
      break;
    case 'uniform': {
      const lo = num(m.minMs), hi = num(m.maxMs);
      ms = lo === undefined || hi === undefined ? undefined : (lo + hi) / 2;
      break;
    }
    case 'normal':
      ms = num(m.meanMs);
      break;
    case 'lognormal': {
      const med = num(m.medianMs), s = num(m.sigma);
      ms = med === undefined || s === undefined ? undefined : med * Math.exp((s * s) / 2);
      break;
    }
  }
  return ms === undefined ? undefined : Math.max(0, ms) + (link.jitterMs ?? 0) / 2;
}

export const linkKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
