// A thread of the local cell pool (localCells.ts): runs one cell at a time.
import type { RunResult } from '../runner/runScenario.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';
import { runOneCell, type Cell } from './cell.ts';

/**
 * What a thread hands back. Errors lose their class crossing a thread, so a scenario the run rejects
 * comes back as data and becomes a ScenarioError again on the main thread (one error line, no stack).
 */
export type CellOutcome = { readonly kind: 'ran'; readonly result: RunResult } | { readonly kind: 'scenario-error'; readonly source: string; readonly problems: readonly string[] };

export default async function runCellInThread(cell: Cell): Promise<CellOutcome> {
  try {
    return { kind: 'ran', result: await runOneCell(cell) };
  } catch (e) {
    if (e instanceof ScenarioError) return { kind: 'scenario-error', source: e.source, problems: e.problems };
    throw e;
  }
}
