import { join } from 'node:path';
import { runLocalCells, type Cell, type CellRunner } from '../cells/index.ts';
import { safeName } from '../trace/output/index.ts';
import type { ArchitectureName } from '../interop/index.ts';
import type { RunResult } from '../runner/runScenario.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { COMPARE_METRICS, MULTI_CLIENT_METRICS, type CompareResult, type MetricEstimate, type RowMetric } from './compareResult.ts';
import { estimate } from './confidence.ts';
import { metricsOf } from './metricsOf.ts';
import { perPairEstimates } from './perPairEstimates.ts';

/** How a comparison replicates and runs its cells (architectures side by side, or worlds). */
export interface ReplicationOptions {
  /** Replications: seeds base, base+1, ... (base is the scenario's seed when it is an integer). */
  readonly seeds: number;
  readonly baseSeed?: string;
  /** Threads; default: one per core, at most one per run. */
  readonly workers?: number;
  /** Keep each run's trace under runsDir/<row>-<seed> (see runDirName). */
  readonly runsDir?: string;
  readonly onRunDone?: (done: number, total: number, r: RunResult) => void;
  /** What runs the cells (default: the local cell pool). */
  readonly runCells?: CellRunner;
}

export interface CompareOptions extends ReplicationOptions {
  readonly architectures: readonly ArchitectureName[];
}

/** The seeds of K replications: consecutive integers from the base, or `base-1`, `base-2` for a text seed. */
export function replicationSeeds(base: string, k: number): string[] {
  const n = Number(base);
  return Array.from({ length: k }, (_, i) => (Number.isSafeInteger(n) ? String(n + i) : i === 0 ? base : `${base}-${i}`));
}

/**
 * The folder of one replication under `runs/`: `<architecture>-<seed>` made a safe file-name
 * component, so a seed such as `../../x` can never point outside the output directory.
 */
export const runDirName = (architecture: string, seed: string): string => safeName(`${architecture}-${seed}`);

/**
 * The same workload, seeds and population under each architecture, replications in parallel on the
 * local cell pool; every number in the result comes from a run.
 */
export async function runCompare(s: Scenario, options: CompareOptions): Promise<{ result: CompareResult; runs: RunResult[] }> {
  const seeds = replicationSeeds(options.baseSeed ?? String(s.seed), options.seeds);
  const cells: Cell[] = options.architectures.flatMap((architecture) =>
    seeds.map((seed) => ({ scenario: s, architecture, seed, ...(options.runsDir !== undefined && { outDir: join(options.runsDir, runDirName(architecture, seed)) }) })),
  );
  const runs = await (options.runCells ?? runLocalCells)(cells, { ...(options.workers !== undefined && { workers: options.workers }), onCellDone: (done, total, _i, r) => options.onRunDone?.(done, total, r) });
  // The multi-protocol client's metrics only when a run has one: other compares keep their JSON.
  const keys = runs.some((r) => r.multiClient !== undefined) ? [...COMPARE_METRICS, ...MULTI_CLIENT_METRICS] : COMPARE_METRICS;
  const rows = options.architectures.map((architecture) => {
    const mine = runs.filter((r) => r.architecture === architecture);
    const per = mine.map(metricsOf);
    const metrics = Object.fromEntries(keys.map((m) => [m, estimate(per.map((p) => p[m]))])) as Record<RowMetric, MetricEstimate>;
    const perPair = perPairEstimates(mine.map((r) => r.perPair));
    return { architecture, metrics, digests: mine.map((r) => r.digest), ...(perPair !== undefined && { perPair }) };
  });
  return { result: { kind: 'interop-sim/compare', scenario: s.name, seeds, rows }, runs };
}
