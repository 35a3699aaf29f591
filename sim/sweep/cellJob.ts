import type { Scalar } from './sweepSpec.ts';

/** What a queued job carries: everything a worker on another machine needs to run the cell. */
export interface CellJob {
  readonly sweepId: string;
  readonly codeVersion: string;
  readonly point: number;
  readonly seed: string;
  readonly params: Readonly<Record<string, Scalar>>;
  readonly scenarioHash: string;
  readonly scenario: Readonly<Record<string, unknown>>;
  readonly metrics: readonly string[];
  /** A study's cell (`compare --queue` and the like): the architecture imposed on the scenario. */
  readonly architecture?: string;
  /** A study's cell: keep the whole run's result in the row (`results.run`), which the study folds. */
  readonly keepRun?: boolean;
  /** A study's cell: write the run's trace and summary here (on the machine that runs it). */
  readonly outDir?: string;
}
