// One replication of `compare`, in a worker thread: run the scenario under one architecture and seed.
import type { ArchitectureName } from '../interop/index.ts';
import { runScenario, type RunResult } from '../runner/runScenario.ts';
import type { Scenario } from '../../scenarios/schema.ts';

export interface CompareJob {
  readonly scenario: Scenario;
  readonly architecture: ArchitectureName;
  readonly seed: string;
  readonly outDir?: string;
}

export default function runJob(job: CompareJob): Promise<RunResult> {
  return runScenario(job.scenario, { architecture: job.architecture, seed: job.seed, ...(job.outDir !== undefined && { outDir: job.outDir }) });
}
