import { join } from 'node:path';
import { loadScenario, resolveScenarioPath } from '../../scenarios/index.ts';
import { RUN_OUTPUT_FILES, StagedFiles } from '../trace/output/index.ts';
import { outputDir } from './outputPaths.ts';
import { progressBar } from './progressBar.ts';
import { UserError } from './userError.ts';

export interface CompareWorldsFlags {
  readonly worlds: readonly string[];
  readonly architectures?: readonly string[];
  readonly protocol?: string;
  readonly seeds: number;
  readonly seed?: string;
  readonly workers?: number;
  readonly out?: string;
  readonly json?: boolean;
  readonly queue?: boolean;
  readonly database?: string;
}

/**
 * `compare --worlds a.yaml,b` (issue 17): worlds (scenario files or preset names, each with its own
 * protocols and arrangements) side by side, one row each with 95% CIs over seeds. Every world is
 * planned before a worker starts, so a bad one is one error naming its file and field.
 */
export async function compareWorlds(ref: string | undefined, flags: CompareWorldsFlags): Promise<void> {
  if (ref !== undefined) throw new UserError(`--worlds: list every world there; got the scenario argument "${ref}" as well`);
  if (flags.architectures !== undefined) throw new UserError('--worlds: a world has its own arrangements; --architectures does not apply');
  if (flags.protocol !== undefined) throw new UserError('--worlds: a world has its own protocols per provider; --protocol does not apply');
  const worlds = flags.worlds.map((w) => loadScenario(w));
  const names = new Map<string, string>();
  worlds.forEach((s, i) => {
    const prior = names.get(s.name);
    if (prior !== undefined) throw new UserError(`--worlds: "${flags.worlds[i]}" and "${prior}" are both named "${s.name}"; rows are labelled by name`);
    names.set(s.name, flags.worlds[i]!);
  });
  const { planOrThrow } = await import('../runner/plan/planScenario.ts');
  for (let i = 0; i < worlds.length; i++) await planOrThrow(worlds[i]!, { source: resolveScenarioPath(flags.worlds[i]) });
  const { runCompareWorlds } = await import('../compare/runCompareWorlds.ts');
  const { replicationSeeds, runDirName } = await import('../compare/runCompare.ts');
  if (flags.out !== undefined) {
    outputDir('--out', flags.out, ['compare.json', 'compare.csv']);
    for (const s of worlds) for (const seed of replicationSeeds(flags.seed ?? String(s.seed), flags.seeds)) outputDir('--out', join(flags.out, 'runs', runDirName(s.name, seed)), RUN_OUTPUT_FILES);
  }
  const { formatCompare, compareCsv } = await import('../compare/formatCompare.ts');
  const total = worlds.length * flags.seeds;
  const cellsOn = await (await import('./studyCells.ts')).studyCells(`compare-${worlds.map((w) => w.name).join('-')}`, flags);
  const bar = flags.json ? undefined : progressBar(`compare ${worlds.length} worlds (${total} runs)`);
  try {
    const { result } = await runCompareWorlds(worlds, {
      ...(cellsOn.runCells !== undefined && { runCells: cellsOn.runCells }),
      seeds: flags.seeds,
      ...(flags.seed !== undefined && { baseSeed: flags.seed }),
      ...(flags.workers !== undefined && { workers: flags.workers }),
      ...(flags.out !== undefined && { runsDir: join(flags.out, 'runs') }),
      onRunDone: (done) => bar?.update(done / total),
    });
    bar?.stop();
    if (flags.out !== undefined) {
      const files = new StagedFiles(flags.out);
      files.write('compare.csv', compareCsv(result));
      files.write('compare.json', JSON.stringify(result, null, 2) + '\n');
      files.commit('compare.json');
    }
    console.log(flags.json ? JSON.stringify(result, null, 2) : formatCompare(result));
  } finally {
    bar?.stop();
    cellsOn.done();
  }
}
