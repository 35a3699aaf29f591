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
}
