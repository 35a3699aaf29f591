import { PAIR_METRICS, type PairMetric } from '../sim/trace/perPair/pairMetrics.ts';

/** One provider pair as the viewer shows it: the labels and each measure (null where not measured). */
export interface PerPairCell {
  readonly from: string;
  readonly to: string;
  readonly arrangement: string;
  readonly protocols: readonly [string, string];
  readonly metrics: Readonly<Record<PairMetric, number | null>>;
}

/** summary.json's `perPair` (sim/trace/perPair), trimmed to what the matrix draws. */
export interface PerPairView {
  readonly uniform: boolean;
  readonly providers: readonly string[];
  readonly pairs: readonly PerPairCell[];
  /** Per provider: share of its users' messages below its own promise. */
  readonly belowPromise: readonly { readonly provider: string; readonly promise: string; readonly pct: number }[];
}

const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);

/**
 * Reads `perPair` of summary.json; undefined when the run predates it. Throws a one-line error naming
 * the field when it is there but malformed. NaN is written as null in JSON: a measure not taken.
 */
export function perPairOf(summary: unknown, label: string): PerPairView | undefined {
  const p = (summary as Record<string, unknown> | null)?.perPair;
  if (p === undefined) return undefined;
  const fail = (path: string, what: string, got: unknown): never => {
    throw new TypeError(`${label}: perPair.${path}: expected ${what}, got ${show(got)}`);
  };
  const v = (p ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || p === null) fail('(top level)', 'an object', p);
  if (!Array.isArray(v.providers) || !v.providers.every((x) => typeof x === 'string')) fail('providers', 'a list of strings', v.providers);
  if (!Array.isArray(v.pairs)) fail('pairs', 'a list', v.pairs);
  const pairs = (v.pairs as unknown[]).map((x, i) => {
    const r = (x ?? {}) as Record<string, unknown>;
    for (const k of ['from', 'to', 'arrangement']) if (typeof r[k] !== 'string') fail(`pairs[${i}].${k}`, 'a string', r[k]);
    if (!Array.isArray(r.protocols) || r.protocols.length !== 2 || !r.protocols.every((s) => typeof s === 'string')) fail(`pairs[${i}].protocols`, 'two strings', r.protocols);
    const metrics = Object.fromEntries(
      PAIR_METRICS.map((m) => {
        const n = r[m];
        if (n !== null && (typeof n !== 'number' || !Number.isFinite(n))) fail(`pairs[${i}].${m}`, 'a number or null', n);
        return [m, n as number | null];
      }),
    ) as Record<PairMetric, number | null>;
    return { from: r.from as string, to: r.to as string, arrangement: r.arrangement as string, protocols: r.protocols as [string, string], metrics };
  });
  const w = ((v.weakestLink ?? {}) as Record<string, unknown>).providers;
  const belowPromise = (Array.isArray(w) ? w : []).flatMap((x) => {
    const r = (x ?? {}) as Record<string, unknown>;
    return typeof r.provider === 'string' && typeof r.promise === 'string' && typeof r.belowPromisePct === 'number' ? [{ provider: r.provider, promise: r.promise, pct: r.belowPromisePct }] : [];
  });
  return { uniform: v.uniform === true, providers: v.providers as string[], pairs, belowPromise };
}
