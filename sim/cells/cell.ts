import type { ArchitectureName } from '../interop/index.ts';
import { runScenario, type RunResult } from '../runner/runScenario.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/**
 * One cell: a scenario run once under one seed (and, for `compare` and `attacks`, one architecture
 * imposed on it). Every way of running many runs (`compare`, `attacks`, `pcs`, `sweep` and its
 * workers, the timeline's protocol level) runs its cells through `runOneCell`.
 */
export interface Cell {
  readonly scenario: Scenario;
  /** Overrides the scenario's world (absent: the scenario as it is, e.g. a world of `compare --worlds`, a sweep point). */
  readonly architecture?: ArchitectureName;
  readonly seed: string;
  /** Keep the run's trace, summary and topology in this folder. */
  readonly outDir?: string;
}

/** Runs one cell in this thread. */
export function runOneCell(cell: Cell): Promise<RunResult> {
  return runScenario(cell.scenario, { ...(cell.architecture !== undefined && { architecture: cell.architecture }), seed: cell.seed, ...(cell.outDir !== undefined && { outDir: cell.outDir }) });
}
