// One replication of `compare`, in a worker thread: run the scenario under one architecture and seed.
import type { ArchitectureName } from '../interop/index.ts';
import { runScenario, type RunResult } from '../runner/runScenario.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';

export interface CompareJob {
  readonly scenario: Scenario;
  /** Overrides the scenario's world (absent: the scenario as it is, e.g. a world of `compare --worlds`). */
  readonly architecture?: ArchitectureName;
  readonly seed: string;
  readonly outDir?: string;
}

/**
 * What a worker hands back. Errors lose their class crossing a thread, so a scenario the run rejects
 * comes back as data and becomes a ScenarioError again on the main thread (one error line, no stack).
 */
export type JobOutcome = { readonly kind: 'ran'; readonly result: RunResult } | { readonly kind: 'scenario-error'; readonly source: string; readonly problems: readonly string[] };

export default async function runJob(job: CompareJob): Promise<JobOutcome> {
  try {
    return { kind: 'ran', result: await runScenario(job.scenario, { ...(job.architecture !== undefined && { architecture: job.architecture }), seed: job.seed, ...(job.outDir !== undefined && { outDir: job.outDir }) }) };
  } catch (e) {
    if (e instanceof ScenarioError) return { kind: 'scenario-error', source: e.source, problems: e.problems };
    throw e;
  }
}
