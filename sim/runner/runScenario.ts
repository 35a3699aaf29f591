import { performance } from 'node:perf_hooks';
import type { ArchitectureName } from '../interop/index.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { buildWorld, type WorldContext } from './buildWorld.ts';
import { planOrThrow } from './plan/planScenario.ts';
import type { RunResult } from './runResult.ts';
import { runWorld } from './runWorld.ts';
import { StagedFiles } from '../trace/output/index.ts';

export type { AttackResult, MlsSummary, RunResult, SecuritySummary } from './runResult.ts';
export type { WorldContext } from './buildWorld.ts';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string;
  /** Directory for trace.jsonl and summary.json; nothing is written without it. */
  readonly outDir?: string;
  /** Called now and then with the fraction of virtual time done (progress bars only). */
  readonly onProgress?: (fraction: number) => void;
  /** Overrides the scenario's architecture (what `compare` does for each row). */
  readonly architecture?: ArchitectureName;
  /** Called once the world is built, before it runs: tests and experiments schedule their own events. */
  readonly onWorldReady?: (ctx: WorldContext) => void;
  /** Refuse runs estimated above this many simulator events (default: DEFAULT_MAX_EVENTS, 2e8). */
  readonly maxEvents?: number;
  /** Where the scenario came from (its file), named in errors; default `scenario <name>`. */
  readonly source?: string;
  /** MLS stacks whose start-up work is made ahead together (sim/actors/conversation/mls/startAhead.ts); default 256, 0: none (benchmarks compare). */
  readonly startAheadBatch?: number;
}

/**
 * plan -> build -> run: compiles the scenario (every problem a ScenarioError naming its field, before
 * anything is built), builds the world, runs it to the end and closes every message's outcome.
 */
export async function runScenario(s: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const wallStart = performance.now(); // wall-clock ok: reported separately, never simulated
  const plan = await planOrThrow(s, {
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.architecture !== undefined && { architecture: options.architecture }),
    ...(options.maxEvents !== undefined && { maxEvents: options.maxEvents }),
    ...(options.source !== undefined && { source: options.source }),
  });
  // Output files are staged (temporary names, renamed into place at the end): a run that fails or is
  // killed never leaves a truncated trace or a summary describing another trace under a final name.
  const staged = options.outDir !== undefined ? new StagedFiles(options.outDir) : undefined;
  try {
    let world;
    try {
      world = buildWorld(plan, staged, options.startAheadBatch === undefined ? {} : { startAheadBatch: options.startAheadBatch });
    } catch (e) {
      // A problem only the built world could tell (a backstop: the plan should have named it) still names the file.
      if (e instanceof ScenarioError && options.source !== undefined) throw new ScenarioError(options.source, e.problems);
      throw e;
    }
    options.onWorldReady?.(world);
    return await runWorld(world, { wallStart, ...(staged !== undefined && { staged }), ...(options.onProgress && { onProgress: options.onProgress }) });
  } catch (e) {
    staged?.abort();
    throw e;
  }
}
