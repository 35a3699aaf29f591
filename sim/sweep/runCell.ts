import { join } from 'node:path';
import { serialize } from 'node:v8';
import { ARCHITECTURE_NAMES, type ArchitectureName } from '../interop/index.ts';
import { metricsOf } from '../compare/metricsOf.ts';
import { runOneCell } from '../cells/index.ts';
import type { CellJob } from './cellJob.ts';
import { cellScenario } from './planCells.ts';

/** One finished cell: the kept metrics (NaN stored as null) and the run's trace digest. */
export interface CellOutcome {
  readonly metrics: Record<string, number | null>;
  readonly digest: string;
  readonly runMs: number;
  /** The whole run's result, v8-serialized (a study's cell: `keepRun`). */
  readonly run?: Buffer;
}

/**
 * Runs a cell as planned: the worker validates the scenario itself and checks it hashes to what the
 * coordinator planned (same code, same scenario), then runs it under the cell's seed.
 */
function architectureOf(name: string): ArchitectureName {
  const a = ARCHITECTURE_NAMES.find((n) => n === name);
  if (a === undefined) throw new Error(`unknown architecture "${name}" in the job`);
  return a;
}

/** Where a kept cell's run goes under a runs folder: `p<point>-s<seed>` (the viewer links it from the sweep page). */
export const keptRunName = (point: number, seed: string) => `p${point}-s${seed}`;

/** `runsDir`: keep the cell's trace and summary in `runsDir/p<point>-s<seed>` (`sweep --keep-runs`). */
export async function runCell(job: CellJob, runsDir?: string): Promise<CellOutcome> {
  const { scenario, hash } = cellScenario(job.scenario, `sweep ${job.sweepId} point ${job.point}`);
  if (hash !== job.scenarioHash) throw new Error(`scenario hash ${hash.slice(0, 12)} differs from the planned ${job.scenarioHash.slice(0, 12)}: the worker's scenario code is not the coordinator's`);
  const t0 = performance.now(); // wall-clock ok: reported as the cell's cost, never used by the run
  const outDir = job.outDir ?? (runsDir !== undefined ? join(runsDir, keptRunName(job.point, job.seed)) : undefined);
  const r = await runOneCell({ scenario, seed: job.seed, ...(job.architecture !== undefined && { architecture: architectureOf(job.architecture) }), ...(outDir !== undefined && { outDir }) });
  const runMs = performance.now() - t0; // wall-clock ok
  const all = metricsOf(r) as Record<string, number>;
  const metrics = Object.fromEntries(job.metrics.map((m) => [m, Number.isFinite(all[m]) ? all[m]! : null]));
  return { metrics, digest: r.digest, runMs, ...(job.keepRun === true && { run: serialize(r) }) };
}
