import { hostname } from 'node:os';
import pg from 'pg';
import { ScenarioError } from '../../scenarios/index.ts';
import type PgBoss from 'pg-boss';
import type { CellJob } from './cellJob.ts';
import { codeVersion } from './codeVersion.ts';
import { openQueue, inTransaction, together } from './queue.ts';
import { runCell, type CellOutcome } from './runCell.ts';
import { ensureSchema, failureInsert, hasResult, insertFailure, insertResult, listSweeps, resultInsert, sweepCounts, type SweepRow } from './store.ts';

export interface WorkerOptions {
  readonly url: string;
  /** Only this sweep (the coordinator's local workers); otherwise every sweep of this code version. */
  readonly sweepId?: string;
  /** Stop once the sweeps this worker can serve are finished (and at least one exists). */
  readonly exitWhenDone: boolean;
  readonly pollMs?: number;
  readonly log: (line: string) => void;
  /** Set to stop after the current cell. */
  readonly signal?: AbortSignal;
  /** Keep each cell's trace and summary under this folder (`p<point>-s<seed>`); on this machine only. */
  readonly runsDir?: string;
}

/**
 * Where the time of one cell went: queue and database work around the run (fetch the job; write the
 * row and complete the job), and the run itself; wall time and this process's CPU time of each.
 */
export interface CellTiming {
  readonly fetchMs: number;
  readonly runMs: number;
  readonly commitMs: number;
  readonly fetchCpuMs: number;
  readonly runCpuMs: number;
  readonly commitCpuMs: number;
}

export interface ProcessOptions {
  /** Keep the cell's trace and summary under this folder (`p<point>-s<seed>`). */
  readonly runsDir?: string;
  /**
   * How the row and the completion are written: `one-statement` (default: pg-boss's completion and our
   * INSERT as one statement, one round trip) or `transaction` (BEGIN, INSERT, complete, COMMIT: four).
   * Both are atomic; the benchmark runs both side by side.
   */
  readonly commit?: 'one-statement' | 'transaction';
}

/** This worker cannot serve the sweep it was started for: another code version planned it. */
export class WorkerRefused extends Error {
  override readonly name = 'WorkerRefused';
}

export const workerName = () => `${hostname()}:${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes one cell from a sweep's queue and finishes it: the result row and the job's completion are
 * committed in one transaction, so a cell is either done (row and completed job) or still queued.
 * A failure keeps its error and hands the job back to pg-boss, which retries it while attempts remain.
 */
export async function processOne(boss: PgBoss, pool: pg.Pool, sweep: SweepRow, log: (line: string) => void, opts: ProcessOptions = {}): Promise<CellTiming | undefined> {
  const t0 = performance.now(); // wall-clock ok: overhead accounting only
  const c0 = process.cpuUsage(); // wall-clock ok: CPU accounting only
  const [job] = await boss.fetch<CellJob>(sweep.queue, { batchSize: 1, includeMetadata: true });
  const fetchMs = performance.now() - t0; // wall-clock ok
  const fetchCpuMs = cpuMs(process.cpuUsage(c0)); // wall-clock ok
  if (job === undefined) return undefined;
  const cell = job.data;
  const me = workerName();
  const label = `cell ${cell.point}/${cell.seed}`;
  if (cell.codeVersion !== codeVersion()) {
    // Never taken by design (queues are per sweep, sweeps per code version): a guard, not a path.
    await boss.fail(sweep.queue, job.id, { message: `code version ${cell.codeVersion}, worker runs ${codeVersion()}` });
    log(`${label} refused: made by code version ${cell.codeVersion}, this worker runs ${codeVersion()}`);
    return { fetchMs, runMs: 0, commitMs: 0, fetchCpuMs, runCpuMs: 0, commitCpuMs: 0 };
  }
  let outcome: CellOutcome | { error: string };
  const startedAt = new Date(); // wall-clock ok: throughput accounting only
  const c1 = process.cpuUsage(); // wall-clock ok
  // A job run before (its worker died, or it timed out while still running) may have its row already:
  // then only the completion is left. A first attempt cannot (the row and completion commit together).
  if (job.retryCount > 0 && (await hasResult(pool, cell.sweepId, cell.point, cell.seed))) {
    outcome = { error: '' };
  } else {
    log(`${label} started`);
    try {
      outcome = await runCell(cell, opts.runsDir);
    } catch (e) {
      // One line: a scenario problem found only when the world is built lists its problems.
      outcome = { error: e instanceof ScenarioError ? e.problems.join('; ') : (e instanceof Error ? e.message : String(e)).split('\n')[0]! };
    }
  }
  const runCpuMs = cpuMs(process.cpuUsage(c1)); // wall-clock ok
  const t1 = performance.now(); // wall-clock ok
  const c2 = process.cpuUsage(); // wall-clock ok
  if (opts.commit === 'transaction') await commitInTransaction(boss, pool, sweep, job.id, cell, outcome, me, startedAt);
  else if ('digest' in outcome) {
    const row = { point: cell.point, seed: cell.seed, codeVersion: cell.codeVersion, scenarioHash: cell.scenarioHash, params: cell.params, metrics: outcome.metrics, digest: outcome.digest, runMs: outcome.runMs, worker: me, startedAt, ...(outcome.run !== undefined && { run: outcome.run }) };
    await boss.complete(sweep.queue, job.id, { digest: outcome.digest }, { db: together(pool, resultInsert(cell.sweepId, row)) });
  } else if (outcome.error === '') {
    await boss.complete(sweep.queue, job.id, { alreadyDone: true });
  } else {
    await boss.fail(sweep.queue, job.id, { message: outcome.error }, { db: together(pool, failureInsert(cell.sweepId, cell.point, cell.seed, outcome.error, me)) });
  }
  const commitCpuMs = cpuMs(process.cpuUsage(c2)); // wall-clock ok
  const commitMs = performance.now() - t1; // wall-clock ok
  if ('digest' in outcome) log(`${label} done ${outcome.digest.slice(0, 12)}`);
  else if (outcome.error !== '') log(`${label} failed: ${outcome.error}`);
  return { fetchMs, runMs: 'runMs' in outcome ? outcome.runMs : 0, commitMs, fetchCpuMs, runCpuMs, commitCpuMs };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The row (or the failure) and the job's completion (or failure) in one explicit transaction. */
async function commitInTransaction(boss: PgBoss, pool: pg.Pool, sweep: SweepRow, jobId: string, cell: CellJob, outcome: CellOutcome | { error: string }, me: string, startedAt: Date): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if ('digest' in outcome) {
      await insertResult(client, cell.sweepId, { point: cell.point, seed: cell.seed, codeVersion: cell.codeVersion, scenarioHash: cell.scenarioHash, params: cell.params, metrics: outcome.metrics, digest: outcome.digest, runMs: outcome.runMs, worker: me, startedAt, ...(outcome.run !== undefined && { run: outcome.run }) });
      await boss.complete(sweep.queue, jobId, { digest: outcome.digest }, { db: inTransaction(client) });
    } else if (outcome.error === '') {
      await boss.complete(sweep.queue, jobId, { alreadyDone: true }, { db: inTransaction(client) });
    } else {
      await insertFailure(client, cell.sweepId, cell.point, cell.seed, outcome.error, me);
      await boss.fail(sweep.queue, jobId, { message: outcome.error }, { db: inTransaction(client) });
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * The worker: pulls cells of its own code version from every open sweep (or one) until stopped or,
 * with exitWhenDone, until they are finished. Sweeps of another code version are refused, once, aloud.
 */
export async function runWorker(opts: WorkerOptions): Promise<{ cells: number }> {
  const pool = new pg.Pool({ connectionString: opts.url, max: 2, application_name: 'interop-sim worker' });
  pool.on('error', () => {}); // an idle client losing its server: the next query reports it
  let boss: PgBoss | undefined;
  const refused = new Set<string>();
  let cells = 0;
  try {
    await ensureSchema(pool);
    boss = await openQueue(opts.url, 40, (e) => opts.log(`queue: ${e.message}`));
    let sweeps: SweepRow[] = [];
    let listedAt = -Infinity;
    const stopped = () => opts.signal?.aborted === true;
    while (!stopped()) {
      const now = performance.now(); // wall-clock ok: how often the sweep list is re-read
      if (now - listedAt > 2000) {
        listedAt = now;
        sweeps = [];
        for (const s of await listSweeps(pool)) {
          if (opts.sweepId !== undefined && s.id !== opts.sweepId) continue;
          if (s.codeVersion !== codeVersion()) {
            if (opts.sweepId !== undefined) throw new WorkerRefused(`sweep ${s.name} (${s.id}) was planned by code version ${s.codeVersion}; this worker runs ${codeVersion()} (the code changed: run the sweep command again to plan it for this code)`);
            if (!refused.has(s.id)) opts.log(`refusing sweep ${s.name} (${s.id}): made by code version ${s.codeVersion}, this worker runs ${codeVersion()}`);
            refused.add(s.id);
            continue;
          }
          sweeps.push(s);
        }
      }
      let worked = false;
      for (const s of sweeps) {
        if (stopped()) break;
        const t = await processOne(boss, pool, s, opts.log, { ...(opts.runsDir !== undefined && { runsDir: opts.runsDir }) });
        if (t !== undefined) {
          worked = true;
          cells++;
          break; // re-read from the first sweep: older sweeps first
        }
      }
      if (worked) continue;
      if (opts.exitWhenDone && sweeps.length > 0) {
        const open = await Promise.all(sweeps.map(async (s) => {
          const c = await sweepCounts(pool, s.id);
          return c.done + c.failed < s.cells;
        }));
        if (!open.some(Boolean)) break;
      }
      await sleep(opts.pollMs ?? 250);
    }
    return { cells };
  } finally {
    // Bounded: a server that is shutting down must not keep a finished worker waiting.
    const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
    await bounded(boss?.stop({ graceful: false, wait: true }) ?? Promise.resolve());
    await bounded(pool.end());
  }
}
