import { runLocalCells, type Cell, type CellRunner } from '../cells/index.ts';
import type { ArchitectureName } from '../interop/index.ts';
import type { RunResult } from '../runner/runResult.ts';
import { replicationSeeds } from '../compare/runCompare.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { isScenario, type AttackCase } from './attackCase.ts';
import { checkProtocol } from '../runner/plan/checkProtocol.ts';
import { cellOf, type AttackCell, type AttackMatrix } from './attackMatrix.ts';

export interface AttackOptions {
  readonly cases: readonly AttackCase[];
  readonly architectures: readonly ArchitectureName[];
  readonly seeds: number;
  readonly baseSeed?: string;
  readonly workers?: number;
  readonly onRunDone?: (done: number, total: number) => void;
  /** What runs the cells (default: the local cell pool). */
  readonly runCells?: CellRunner;
}

/**
 * Runs every attack case under every architecture and seed (each an ordinary run on the local cell
 * pool `compare` uses) and folds the attackers' measured reports into the matrix.
 */
export async function runAttacks(base: Scenario, options: AttackOptions): Promise<AttackMatrix> {
  const seeds = replicationSeeds(options.baseSeed ?? String(base.seed), options.seeds);
  const jobs: (Cell & { row: number })[] = [];
  const skipped = new Map<string, string>();
  options.cases.forEach((c, row) => {
    for (const architecture of options.architectures) {
      const variant = c.variant(base, architecture);
      // What the run's protocol cannot do (an MLS-only attack or architecture under signal) is n/a, with the plan's reason.
      const refused = isScenario(variant) ? checkProtocol(variant, architecture)[0] : undefined;
      const v = refused === undefined ? variant : { notApplicable: `${refused.path}: ${refused.message}` };
      if (!isScenario(v)) skipped.set(`${row}/${architecture}`, v.notApplicable);
      else for (const seed of seeds) jobs.push({ scenario: v, architecture, seed, row });
    }
  });
  const runs = await (options.runCells ?? runLocalCells)(
    jobs.map(({ row: _row, ...cell }) => cell),
    { ...(options.workers !== undefined && { workers: options.workers }), onCellDone: (done, total) => options.onRunDone?.(done, total) },
  );
  // Each (case, architecture)'s runs, in seed order (the cells' order).
  const results = new Map<string, RunResult[]>();
  jobs.forEach((job, i) => {
    const key = `${job.row}/${job.architecture}`;
    results.set(key, [...(results.get(key) ?? []), runs[i]!]);
  });
  const rows = options.cases.map((c, row) => {
    const cells: Partial<Record<ArchitectureName, AttackCell>> = {};
    for (const a of options.architectures) {
      const key = `${row}/${a}`;
      const reason = skipped.get(key);
      cells[a] = reason !== undefined ? { applicable: false, reason } : cellOf(results.get(key) ?? []);
    }
    return { attack: c.attack, defense: c.defense, cells };
  });
  return { kind: 'interop-sim/attacks', scenario: base.name, seeds, architectures: [...options.architectures], rows };
}
