import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { RunResult } from '../runner/runResult.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';
import type { Cell } from './cell.ts';
import type { CellOutcome } from './cellThread.ts';

/**
 * The TypeScript loader for the threads, resolved from this file rather than from the current
 * directory: `--import tsx` alone makes Node look for tsx under the cwd, so a study failed when run
 * from any folder but the project's, and from a global install.
 */
const TSX_LOADER = import.meta.resolve('tsx');

export interface LocalCellsOptions {
  /** Threads; default: one per core, at most one per cell. */
  readonly workers?: number;
  /** After each cell: cells done so far, all cells, the cell's index and its result. */
  readonly onCellDone?: (done: number, total: number, index: number, result: RunResult) => void;
}

/**
 * Whatever runs a study's cells and hands back their results in the cells' order: the local pool
 * (`runLocalCells`, the default) or the sweep engine's queue (`sim/sweep/queuedCells.ts`).
 */
export type CellRunner = (cells: readonly Cell[], options: LocalCellsOptions) => Promise<RunResult[]>;

/**
 * Runs cells on a pool of threads in this process, one cell per thread at a time, and returns their
 * results in the cells' order (whatever order they finish in). No database: a crash loses the cells
 * in flight and those done. `sweep` (and its `worker`s) runs the same `runOneCell` behind a job queue.
 */
export async function runLocalCells(cells: readonly Cell[], options: LocalCellsOptions = {}): Promise<RunResult[]> {
  if (cells.length === 0) return [];
  const threads = Math.max(1, Math.min(options.workers ?? availableParallelism(), cells.length));
  const pool = new Piscina({ filename: new URL('./cellThread.ts', import.meta.url).href, execArgv: ['--import', TSX_LOADER], minThreads: threads, maxThreads: threads });
  let done = 0;
  try {
    return await Promise.all(
      cells.map(async (cell, index) => {
        const outcome = (await pool.run(cell)) as CellOutcome;
        if (outcome.kind === 'scenario-error') throw new ScenarioError(outcome.source, outcome.problems);
        options.onCellDone?.(++done, cells.length, index, outcome.result);
        return outcome.result;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
