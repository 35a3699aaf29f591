import { join, resolve } from 'node:path';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { CellJob } from './cellJob.ts';
import { startEmbeddedDb, type EmbeddedDb } from './embeddedDb.ts';
import { LocalWorkers } from './localWorkers.ts';
import type { SweepPlan } from './planCells.ts';
import { ensureQueue, openQueue } from './queue.ts';
import { doneCells, ensureSchema, queueName, readFailed, readResults, registerSweep, sweepCounts, type SweepCounts } from './store.ts';
import { sweepResult, type SweepResult } from './sweepResult.ts';
import { statusOf, writeSweepStatus } from './sweepStatus.ts';
import { writeSweepOutputs } from './writeOutputs.ts';

export interface SweepOptions {
  readonly outDir: string;
  /** An existing server; without it a PostgreSQL of our own runs in outDir/db. */
  readonly database?: string;
  /** Local worker processes; 0 = only enqueue, watch and export (workers elsewhere do the cells). */
  readonly workers: number;
  /** Put cells that failed for good back in the queue, once more each. */
  readonly retryFailed?: boolean;
  readonly onProgress?: (c: SweepCounts, total: number) => void;
  readonly onDatabase?: (url: string) => void;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
  /** Keep every cell's trace and summary under outDir/runs/p<point>-s<seed> (local workers only). */
  readonly keepRuns?: boolean;
  /** Once every cell is done, before our own server stops (a study reads its kept runs here). */
  readonly beforeStop?: () => Promise<void>;
}

export interface SweepOutcome {
  readonly result: SweepResult;
  readonly files: readonly string[];
  readonly workerErrors: readonly string[];
}

export class SweepInterrupted extends Error {
  override readonly name = 'SweepInterrupted';
}

/** Every local worker died or refused, and none will be started again: waiting would be forever. */
export class SweepWorkersGone extends Error {
  override readonly name = 'SweepWorkersGone';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Queues every cell without a result row; returns how many that was. */
export async function enqueue(boss: PgBoss, pool: pg.Pool, plan: SweepPlan): Promise<number> {
  const done = await doneCells(pool, plan.id);
  const todo = plan.cells.filter((c) => !done.has(`${c.point}/${c.seed}`));
  const queue = queueName(plan.id);
  for (let i = 0; i < todo.length; i += 500) {
    // A job already there (an earlier run of this command enqueued it) keeps its state: ids are derived
    // from the cell, and pg-boss inserts with ON CONFLICT DO NOTHING.
    await boss.insert(
      todo.slice(i, i + 500).map((c) => ({
        id: c.jobId,
        name: queue,
        data: { sweepId: plan.id, codeVersion: plan.codeVersion, point: c.point, seed: c.seed, params: c.params, scenarioHash: c.scenarioHash, scenario: c.scenario, metrics: plan.spec.metrics,
          ...(c.architecture !== undefined && { architecture: c.architecture }), ...(c.outDir !== undefined && { outDir: c.outDir }), ...(plan.keepRuns === true && { keepRun: true }) } satisfies CellJob,
        retryLimit: plan.spec.retries,
        expireInSeconds: plan.spec.cellTimeoutSeconds,
      })),
    );
  }
  return todo.length;
}

/**
 * The coordinator: records the sweep, enqueues every cell not yet done, runs the local workers,
 * watches progress until each cell has a row or has failed for good, then writes the table and charts.
 * Run again after any crash, it picks up where the database says the sweep is.
 */
export async function runSweep(plan: SweepPlan, opts: SweepOptions): Promise<SweepOutcome> {
  const log = opts.log ?? (() => {});
  let db: EmbeddedDb | undefined;
  let pool: pg.Pool | undefined;
  let boss: PgBoss | undefined;
  let workers: LocalWorkers | undefined;
  try {
    if (opts.database === undefined) db = await startEmbeddedDb(join(opts.outDir, 'db'));
    const url = opts.database ?? db!.url;
    opts.onDatabase?.(url);
    pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'interop-sim sweep' });
    pool.on('error', () => {});
    await ensureSchema(pool);
    await registerSweep(pool, plan);
    boss = await openQueue(url, plan.spec.cellTimeoutSeconds, (e) => log(`queue: ${e.message}`));
    await ensureQueue(boss, queueName(plan.id));
    const queued = await enqueue(boss, pool, plan);
    log(`sweep ${plan.name} (${plan.id}): ${plan.cells.length} cells, ${plan.cells.length - queued} already done`);
    if (opts.retryFailed === true) {
      const failed = await readFailed(pool, plan.id);
      if (failed.length > 0) await boss.retry(queueName(plan.id), failed.map((f) => f.jobId));
      log(`retrying ${failed.length} failed cell(s)`);
    }
    const total = plan.cells.length;
    let counts = await sweepCounts(pool, plan.id);
    const startedAt = new Date().toISOString(); // wall-clock ok: display only
    const status = (state: 'running' | 'finished' | 'stopped') => writeSweepStatus(opts.outDir, { name: plan.name, id: plan.id, startedAt, ...statusOf(counts, total, state) });
    const exported = async () => {
      const cells = await readResults(pool!, plan.id);
      const failed = (await readFailed(pool!, plan.id)).map(({ point, seed, error, attempts }) => ({ point, seed, error, attempts }));
      return sweepResult({ name: plan.name, id: plan.id, codeVersion: plan.codeVersion, parameters: plan.parameters, metrics: plan.spec.metrics }, cells, failed);
    };
    // The viewer's live page: progress.json every poll; the table and charts so far every few seconds.
    let shown = '';
    let exportedAt = 0;
    if (counts.done + counts.failed < total && opts.workers > 0) {
      workers = new LocalWorkers(url, ['--sweep', plan.id, '--exit-when-done', '--quiet', ...(opts.keepRuns === true ? ['--runs-dir', resolve(opts.outDir, 'runs')] : [])], 4 * opts.workers);
      workers.start(opts.workers);
    }
    try {
      for (let polls = 0; ; polls++) {
        opts.onProgress?.(counts, total);
        if (counts.done + counts.failed >= total) break;
        const key = `${counts.done}/${counts.failed}/${counts.active}`;
        if (key !== shown) status('running');
        if (counts.done + counts.failed > exportedAt && polls % 20 === 0) {
          exportedAt = counts.done + counts.failed;
          writeSweepOutputs(opts.outDir, await exported());
        }
        shown = key;
        if (opts.signal?.aborted === true) throw new SweepInterrupted('interrupted');
        if (workers?.gone === true) throw new SweepWorkersGone(`the local workers stopped before the sweep was done: ${workers.errors.slice(-3).join('; ')}`);
        await sleep(opts.pollMs ?? 1000);
        counts = await sweepCounts(pool, plan.id);
      }
    } catch (e) {
      try {
        status('stopped');
      } catch {
        // the folder is gone: nothing to tell
      }
      throw e;
    }
    const result = await exported();
    const files = writeSweepOutputs(opts.outDir, result);
    status('finished');
    await opts.beforeStop?.();
    // Our own server stops with us: first let the workers (here or elsewhere) see the sweep is done and
    // leave, so none loses its connection mid-goodbye. Bounded: a worker serving forever stays.
    if (db !== undefined) {
      for (let i = 0; i < 50; i++) {
        const r = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'interop-sim worker'`);
        if (r.rows[0].n === 0) break;
        await sleep(200);
      }
    }
    return { result, files, workerErrors: workers?.errors ?? [] };
  } finally {
    await workers?.stop();
    await boss?.stop({ graceful: false, wait: true }).catch(() => {});
    await pool?.end().catch(() => {});
    await db?.stop();
  }
}
