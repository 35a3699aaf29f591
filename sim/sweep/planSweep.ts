import { planScenario } from '../runner/plan/planScenario.ts';
import { problemLine } from '../runner/plan/worldPlan.ts';
import type { LoadedSweep } from './loadSweep.ts';
import { cellScenario, describePoint, planCells, type SweepPlan } from './planCells.ts';
import { SweepError } from './sweepError.ts';

/** A point whose scenario validates but that the plan step refuses: the sweep does not start. */
export class SweepPointRefused extends SweepError {
  constructor(
    source: string,
    /** `point 3 (a=1, b=2): field.path: what is wrong`, plus how many more points were refused. */
    readonly line: string,
  ) {
    super(source, [line]);
  }
}

/**
 * The plan step (what `run` and `validate` do before building a world) for every point of a planned
 * sweep, under its first seed, before anything is queued: a point the plan refuses (a link that does not
 * exist, an attacker's missing target, a run estimated too big) stops the sweep here with the point and
 * the field, instead of becoming a failed cell. Problems only a seed brings out (a different population
 * draw) still show as failed cells.
 */
export async function checkPoints(plan: SweepPlan, source: string): Promise<void> {
  const refused: string[] = [];
  const first = new Map<number, SweepPlan['cells'][number]>();
  for (const c of plan.cells) if (!first.has(c.point)) first.set(c.point, c);
  for (const [point, cell] of first) {
    const { scenario } = cellScenario(cell.scenario, source);
    const r = await planScenario(scenario, { seed: cell.seed });
    if (r.kind === 'rejected') refused.push(`point ${point} (${describePoint(cell.params)}): ${problemLine(r.problems[0]!)}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more problem(s) in this point)` : ''}`);
  }
  if (refused.length === 0) return;
  const more = refused.length > 1 ? `; ${refused.length - 1} more point(s) refused` : '';
  throw new SweepPointRefused(source, `${refused[0]}${more}`);
}

/** `planCells`, then the plan step for every point: what the `sweep` command runs before queueing. */
export async function planSweep(loaded: LoadedSweep): Promise<SweepPlan> {
  const plan = planCells(loaded);
  await checkPoints(plan, loaded.file);
  return plan;
}
