import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { RunResult } from '../runner/runResult.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';
import type { CompareJob, JobOutcome } from './compareWorker.ts';

/**
 * The TypeScript loader for worker threads, resolved from this file rather than from the current
 * directory: `--import tsx` alone makes Node look for tsx under the cwd, so `compare` failed when run
 * from any folder but the project's, and from a global install.
 */
const TSX_LOADER = import.meta.resolve('tsx');

/** A pool of threads each running one simulation at a time; one thread per core unless told. */
export class RunPool {
  private readonly pool: Piscina;

  constructor(jobs: number, workers?: number) {
    const threads = Math.max(1, Math.min(workers ?? availableParallelism(), jobs));
    this.pool = new Piscina({ filename: new URL('./compareWorker.ts', import.meta.url).href, execArgv: ['--import', TSX_LOADER], minThreads: threads, maxThreads: threads });
  }

  async run(job: CompareJob): Promise<RunResult> {
    const outcome = (await this.pool.run(job)) as JobOutcome;
    if (outcome.kind === 'scenario-error') throw new ScenarioError(outcome.source, outcome.problems);
    return outcome.result;
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
