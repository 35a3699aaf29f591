import { join } from 'node:path';
import type { RunResult } from '../runner/runScenario.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { COMPARE_METRICS, type CompareMetric, type CompareResult, type MetricEstimate } from './compareResult.ts';
import { runLocalCells, type Cell } from '../cells/index.ts';
import { estimate } from './confidence.ts';
import { metricsOf } from './metricsOf.ts';
import { replicationSeeds, runDirName, type ReplicationOptions } from './runCompare.ts';

/** As for architectures; `baseSeed` is the first seed of every world (default: each world's own). */
export type CompareWorldsOptions = ReplicationOptions;

/**
 * Worlds side by side (issue 17): each scenario as it is (its own providers, protocols and per-pair
 * arrangements), replicated over seeds on the local cell pool; one row per world, mean and 95% CI over its
 * seeds. The rows are labelled by the world's name; its arrangements are in each run's summary.
 */
export async function runCompareWorlds(worlds: readonly Scenario[], options: CompareWorldsOptions): Promise<{ result: CompareResult; runs: RunResult[][] }> {
  const seedsOf = (s: Scenario) => replicationSeeds(options.baseSeed ?? String(s.seed), options.seeds);
  const cells: Cell[] = worlds.flatMap((s) => seedsOf(s).map((seed) => ({ scenario: s, seed, ...(options.runsDir !== undefined && { outDir: join(options.runsDir, runDirName(s.name, seed)) }) })));
  const flat = await (options.runCells ?? runLocalCells)(cells, { ...(options.workers !== undefined && { workers: options.workers }), onCellDone: (done, total, _i, r) => options.onRunDone?.(done, total, r) });
  // Back to one list per world, in the cells' order.
  let next = 0;
  const runs = worlds.map((s) => seedsOf(s).map(() => flat[next++]!));
  const rows = worlds.map((s, i) => {
    const per = runs[i]!.map(metricsOf);
    const metrics = Object.fromEntries(COMPARE_METRICS.map((m) => [m, estimate(per.map((p) => p[m]))])) as Record<CompareMetric, MetricEstimate>;
    return { architecture: s.name, metrics, digests: runs[i]!.map((r) => r.digest) };
  });
  const name = worlds.map((w) => w.name).join(',');
  return { result: { kind: 'interop-sim/compare', scenario: name, seeds: seedsOf(worlds[0]!), rows, rowKind: 'world' }, runs };
}
