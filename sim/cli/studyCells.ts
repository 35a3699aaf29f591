import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CellRunner } from '../cells/index.ts';
import { databaseError } from './databaseErrors.ts';
import { UserError } from './userError.ts';

export interface StudyCellOptions {
  readonly queue?: boolean;
  readonly database?: string;
  readonly out?: string;
  readonly workers?: number;
}

/**
 * How `compare`, `attacks` and `pcs` run their cells: on the local cell pool (default, nothing
 * written), or with `--queue` / `--database URL` on the sweep engine (pg-boss, rows in PostgreSQL:
 * the same command after a crash runs only the missing cells; `interop-sim worker --database URL`
 * elsewhere can help). Its folder is OUT/cells (the embedded server in OUT/cells/db); with
 * `--database` and no `--out`, a temporary folder removed at the end.
 */
export async function studyCells(study: string, opts: StudyCellOptions): Promise<{ runCells?: CellRunner; done: () => void }> {
  if (opts.queue !== true && opts.database === undefined) return { done: () => {} };
  if (opts.out === undefined && opts.database === undefined) throw new UserError('--queue: needs --out DIR (the queue\'s own PostgreSQL lives in DIR/cells/db) or --database URL');
  const temporary = opts.out === undefined ? mkdtempSync(join(tmpdir(), 'isim-study-')) : undefined;
  const { queuedCells } = await import('../sweep/queuedCells.ts');
  const runCells = queuedCells({
    study,
    outDir: temporary ?? join(opts.out!, 'cells'),
    ...(opts.database !== undefined && { database: opts.database }),
    workers: opts.workers ?? availableParallelism(),
  });
  const flag = opts.database !== undefined ? '--database' : '--queue';
  const mapped: CellRunner = (cells, o) =>
    runCells(cells, o).catch((e: unknown) => databaseError(e, flag, /^(EmbeddedDbError|WorkerRefused|SweepWorkersGone|QueuedCellFailed)$/, `${flag}: `));
  return { runCells: mapped, done: () => temporary !== undefined && rmSync(temporary, { recursive: true, force: true }) };
}
