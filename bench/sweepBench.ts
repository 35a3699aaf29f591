// The sweep engine's cost: cells per second with 1 and 2 local worker processes on the same sweep of
// short cells, side by side (alternating, twice each), and the queue + database work per cell (fetch
// the job; insert the row and complete the job in one transaction) against one default-scenario cell.
//   npm run bench:sweep            (a few minutes; starts and stops its own PostgreSQL)
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { loadScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import { startEmbeddedDb } from '../sim/sweep/embeddedDb.ts';
import { loadSweep } from '../sim/sweep/loadSweep.ts';
import { planCells, type SweepPlan } from '../sim/sweep/planCells.ts';
import { ensureQueue, openQueue } from '../sim/sweep/queue.ts';
import { enqueue, runSweep } from '../sim/sweep/runSweep.ts';
import { ensureSchema, queueName, registerSweep, listSweeps } from '../sim/sweep/store.ts';
import { processOne, type CellTiming } from '../sim/sweep/workerLoop.ts';

const BASE = new URL('../test/fixtures/sweeps/tiny-base.yaml', import.meta.url).pathname;

export interface SweepBenchResult {
  readonly runs: readonly { workers: number; cells: number; seconds: number; cellsPerSecond: number; busyPct: number; medianRunMs: number }[];
  readonly loadAverage: number;
  readonly speedup: number;
  readonly overhead: { readonly cells: number; readonly medianQueueMs: number; readonly medianShortCellMs: number; readonly defaultCellMs: number; readonly pctOfDefaultCell: number };
}

function plan(dir: string, name: string, seeds: number): SweepPlan {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `name: ${name}\nbase: ${BASE}\nparameters:\n  workload.messagesPerMemberPerMinute: [6, 12]\nseeds: ${seeds}\nmetrics: [deliveryRatio, latencyP50Ms]\n`);
  return planCells(loadSweep(f));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Cells per second while the pool worked: from the first cell's start to the last cell's commit. */
async function throughput(pool: pg.Pool, sweepId: string): Promise<{ cells: number; seconds: number; runSeconds: number; medianRunMs: number }> {
  const r = await pool.query(
    `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM max(finished_at) - min(started_at))::float AS s, sum(run_ms)::float / 1000 AS run, percentile_cont(0.5) WITHIN GROUP (ORDER BY run_ms)::float AS med FROM interop_sim.results WHERE sweep_id = $1`,
    [sweepId],
  );
  return { cells: r.rows[0].n, seconds: r.rows[0].s, runSeconds: r.rows[0].run, medianRunMs: r.rows[0].med };
}

export async function runSweepBench(opts: { log: (line: string) => void; cellsPerRun?: number }): Promise<SweepBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'isim-sweep-bench-'));
  chmodSync(dir, 0o755); // as root the server runs as `postgres`
  const db = await startEmbeddedDb(join(dir, 'db'));
  const stopDb = () => void db.stop().then(() => process.exit(130));
  process.once('SIGINT', stopDb);
  process.once('SIGTERM', stopDb);
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  pool.on('error', () => {}); // an idle client losing the server at the end: nothing to do
  try {
    await ensureSchema(pool);
    const seeds = Math.ceil((opts.cellsPerRun ?? 40) / 2);
    const loadAverage = loadavg()[0]!;
    opts.log(`load average ${loadAverage.toFixed(1)} on ${availableParallelism()} cores at the start (other work on the machine slows cells; ratios need a quiet machine)`);
    const runs: SweepBenchResult['runs'][number][] = [];
    for (const [round, workers] of [1, 2, 1, 2].entries()) {
      const p = plan(dir, `bench-r${round}-w${workers}`, seeds);
      await runSweep(p, { outDir: join(dir, p.name), database: db.url, workers });
      const t = await throughput(pool, p.id);
      // Busy share: the workers' time spent inside runs over their time in the window; what is left is
      // the queue, the database and process start-up. A loaded machine slows the runs, not this share.
      const busyPct = (100 * t.runSeconds) / (workers * t.seconds);
      runs.push({ workers, cells: t.cells, seconds: t.seconds, cellsPerSecond: t.cells / t.seconds, busyPct, medianRunMs: t.medianRunMs });
      opts.log(`${workers} worker${workers > 1 ? 's' : ' '}: ${t.cells} cells in ${t.seconds.toFixed(2)} s = ${(t.cells / t.seconds).toFixed(2)} cells/s (median cell ${t.medianRunMs.toFixed(0)} ms, workers busy running cells ${busyPct.toFixed(1)}% of the time)`);
    }
    const best = (w: number) => Math.max(...runs.filter((r) => r.workers === w).map((r) => r.cellsPerSecond));
    const speedup = best(2) / best(1);
    opts.log(`speed-up 2 vs 1 workers (best of two runs each): ${speedup.toFixed(2)}x`);

    // Queue and database work per cell, measured in this process around each cell's run.
    const p = plan(dir, 'bench-overhead', 10);
    await registerSweep(pool, p);
    const boss = await openQueue(db.url, p.spec.cellTimeoutSeconds, () => {});
    const timings: CellTiming[] = [];
    try {
      await ensureQueue(boss, queueName(p.id));
      await enqueue(boss, pool, p);
      const sweep = (await listSweeps(pool)).find((s) => s.id === p.id)!;
      for (;;) {
        const t = await processOne(boss, pool, sweep, () => {});
        if (t === undefined) break;
        timings.push(t);
      }
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const steady = timings.slice(1); // the first cell also warms the MLS engine up
    const medianQueueMs = median(steady.map((t) => t.fetchMs + t.commitMs));
    const medianShortCellMs = median(steady.map((t) => t.runMs));
    const t0 = performance.now(); // wall-clock ok: benchmark
    await runScenario(loadScenario('default'));
    const defaultCellMs = performance.now() - t0; // wall-clock ok
    const pctOfDefaultCell = (100 * medianQueueMs) / defaultCellMs;
    opts.log(`queue + database per cell: median ${medianQueueMs.toFixed(1)} ms (fetch, then row + completion in one transaction) over ${steady.length} cells`);
    opts.log(`  vs a short cell ${medianShortCellMs.toFixed(0)} ms (${((100 * medianQueueMs) / medianShortCellMs).toFixed(1)}%), vs a default-scenario cell ${(defaultCellMs / 1000).toFixed(1)} s: ${pctOfDefaultCell.toFixed(3)}%`);
    return { runs, loadAverage, speedup, overhead: { cells: steady.length, medianQueueMs, medianShortCellMs, defaultCellMs, pctOfDefaultCell } };
  } finally {
    process.off('SIGINT', stopDb);
    process.off('SIGTERM', stopDb);
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runSweepBench({ log: console.log, ...(process.argv.includes('--quick') && { cellsPerRun: 16 }) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
}
