import type { MetricEstimate } from '../compare/compareResult.ts';
import { estimate } from '../compare/confidence.ts';
import type { ResultRow } from './store.ts';
import type { Scalar } from './sweepSpec.ts';

/** What `sweep` writes as results.json: every cell, and per point each metric's mean ± 95% CI over seeds. */
export interface SweepResult {
  readonly kind: 'interop-sim/sweep';
  readonly name: string;
  readonly id: string;
  readonly codeVersion: string;
  readonly parameters: readonly string[];
  readonly metrics: readonly string[];
  readonly points: readonly SweepPointResult[];
  readonly cells: readonly ResultRow[];
  /** Cells that failed for good: the last error, and how many attempts raised one (timeouts are not counted). */
  readonly failed: readonly { point: number; seed: string; error: string; attempts: number }[];
}

export interface SweepPointResult {
  readonly point: number;
  readonly params: Readonly<Record<string, Scalar>>;
  readonly seeds: readonly string[];
  readonly metrics: Readonly<Record<string, MetricEstimate>>;
}

export function sweepResult(meta: { name: string; id: string; codeVersion: string; parameters: readonly string[]; metrics: readonly string[] }, cells: readonly ResultRow[], failed: SweepResult['failed']): SweepResult {
  const byPoint = new Map<number, ResultRow[]>();
  for (const c of cells) byPoint.set(c.point, [...(byPoint.get(c.point) ?? []), c]);
  const points = [...byPoint.entries()]
    .sort(([a], [b]) => a - b)
    .map(([point, rows]) => ({
      point,
      params: rows[0]!.params as Record<string, Scalar>,
      seeds: rows.map((r) => r.seed),
      metrics: Object.fromEntries(meta.metrics.map((m) => [m, estimate(rows.map((r) => r.metrics[m] ?? NaN))])),
    }));
  return { kind: 'interop-sim/sweep', ...meta, points, cells, failed };
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One line per cell: point, seed, each parameter, each metric, digest and where it ran. */
export function cellsCsv(r: SweepResult): string {
  const head = ['point', 'seed', ...r.parameters, ...r.metrics, 'digest', 'scenario_hash', 'code_version', 'run_ms', 'worker'];
  const rows = r.cells.map((c) => [c.point, c.seed, ...r.parameters.map((p) => c.params[p]), ...r.metrics.map((m) => c.metrics[m]), c.digest, c.scenarioHash, c.codeVersion, c.runMs.toFixed(1), c.worker]);
  return [head, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

/** One line per point: each parameter, then each metric's mean and CI half-width over seeds. */
export function pointsCsv(r: SweepResult): string {
  const head = ['point', ...r.parameters, 'seeds', ...r.metrics.flatMap((m) => [m, `${m}_ci95`])];
  const rows = r.points.map((p) => [p.point, ...r.parameters.map((k) => p.params[k]), p.seeds.length, ...r.metrics.flatMap((m) => [p.metrics[m]!.mean, p.metrics[m]!.ci95])]);
  return [head, ...rows].map((cells) => cells.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? '' : csvCell(v))).join(',')).join('\n') + '\n';
}
