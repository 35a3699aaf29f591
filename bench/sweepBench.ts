// The sweep engine's cost, side by side in one run (starts and stops its own PostgreSQL):
//  1. Scaling: cells per second with 1 and 2 local worker processes on the same sweep of realistic
//     cells (the default scenario, ~10 s of CPU each), alternating 1, 2, 1, 2. Next to wall-clock
//     speed-up, CPU time: how much CPU the workers got (cores used), CPU per cell (does a second worker
//     make each cell dearer?), the server's and the coordinator's CPU, and how idle the machine was.
//     Speed-up is bounded by the cores nobody else is using: on a machine other jobs load, the CPU
//     figures say what 2 free cores would give.
//  2. Queue + database work per cell, in this process over short cells: fetch the job, then the row
//     and the completion written either as ONE statement (what workers do) or as BEGIN, INSERT, complete,
//     COMMIT, alternating cell by cell; wall and CPU time of each part, and the server's CPU, against
//     the CPU of one default-scenario cell.
//   npm run bench:sweep [-- --quick] [-- --json]   (quick: 20 s default cells, fewer of them)
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startEmbeddedDb } from '../sim/sweep/embeddedDb.ts';
import { loadSweep } from '../sim/sweep/loadSweep.ts';
import { planCells, type SweepPlan } from '../sim/sweep/planCells.ts';
import { ensureQueue, openQueue } from '../sim/sweep/queue.ts';
import { enqueue, runSweep } from '../sim/sweep/runSweep.ts';
import { ensureSchema, queueName, registerSweep, listSweeps } from '../sim/sweep/store.ts';
import { processOne, type CellTiming } from '../sim/sweep/workerLoop.ts';
import { childThreadSampler, machineCpuMs, reapedChildrenCpuMs, serverCpuMs } from './procCpu.ts';

const TINY = new URL('../test/fixtures/sweeps/tiny-base.yaml', import.meta.url).pathname;
const BIN = new URL('../bin/interop-sim.mjs', import.meta.url).pathname;

export interface ScalingRun {
  readonly workers: number;
  readonly cells: number;
  /** First cell's start to last cell's commit (from the result rows). */
  readonly seconds: number;
  readonly cellsPerSecond: number;
  readonly medianRunMs: number;
  /** CPU of the worker processes (all of it: start-up, queue, runs). */
  readonly workerCpuSeconds: number;
  /** Cores the workers had on average: worker CPU / wall. */
  readonly workerCores: number;
  readonly workerCpuPerCellSeconds: number;
  /** The same, less each worker process's start-up and shut-down (measured apart, see startupCpuSeconds). */
  readonly netCpuPerCellSeconds: number;
  readonly serverCpuSeconds: number;
  readonly coordinatorCpuSeconds: number;
  /** Idle cores of the whole machine during the run (other jobs included). */
  readonly idleCores: number;
  /** The workers' CPU by thread (sampled from /proc every 250 ms while they live): their main threads... */
  readonly mainThreadCpuSeconds: number;
  /** ...and their other threads (V8's GC and compiler helpers, the libuv pool, the module loader). */
  readonly otherThreadsCpuSeconds: number;
}

export interface SweepBenchResult {
  readonly cores: number;
  readonly loadAverage: number;
  readonly cell: string;
  readonly runs: readonly ScalingRun[];
  /** CPU of one worker process that starts, finds its sweep done and exits (tsx, code version, pg-boss). */
  readonly startupCpuSeconds: number;
  readonly speedup: number;
  /** workerCores at 2 / at 1: the speed-up the CPU we were given allows. */
  readonly coresRatio: number;
  /** CPU per cell at 1 worker / at 2 workers (1 = a second worker makes no cell dearer). */
  readonly cpuEfficiency: number;
  /** One worker alone: its other threads' CPU / its main thread's (1-worker runs, start-up taken off). */
  readonly otherThreadShare: number;
  /** What 2 workers on 2 free cores can reach when one worker alone keeps 1 + otherThreadShare cores busy. */
  readonly twoCoreBound: number;
  readonly overhead: {
    readonly cells: number;
    readonly modes: Readonly<Record<'one-statement' | 'transaction', { fetchMs: number; fetchCpuMs: number; commitMs: number; commitCpuMs: number }>>;
    /** The server's CPU per cell over all the short cells (both modes: per mode it is below the 10 ms tick). */
    readonly serverCpuMsPerCell: number;
    readonly defaultCellCpuMs: number;
    readonly pctOfDefaultCell: number;
    /** In the scaling runs: (server + coordinator CPU) / the workers' CPU less start-up, everything the engine adds. */
    readonly wholeSweepPct: number;
  };
}

function plan(dir: string, name: string, base: string, set: string, values: string, seeds: number): SweepPlan {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `name: ${name}\nbase: ${base}\nset: ${set}\nparameters:\n  network.access.loss: ${values}\nseeds: ${seeds}\nmetrics: [deliveryRatio, latencyP50Ms]\ncellTimeoutSeconds: 3600\n`);
  return planCells(loadSweep(f));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function window(pool: pg.Pool, sweepId: string): Promise<{ cells: number; seconds: number; medianRunMs: number }> {
  const r = await pool.query(
    `SELECT count(*)::int AS n, EXTRACT(EPOCH FROM max(finished_at) - min(started_at))::float AS s, percentile_cont(0.5) WITHIN GROUP (ORDER BY run_ms)::float AS med FROM interop_sim.results WHERE sweep_id = $1`,
    [sweepId],
  );
  return { cells: r.rows[0].n, seconds: r.rows[0].s, medianRunMs: r.rows[0].med };
}

export async function runSweepBench(opts: { log: (line: string) => void; quick?: boolean }): Promise<SweepBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'isim-sweep-bench-'));
  chmodSync(dir, 0o755); // as root the server runs as `postgres`
  const db = await startEmbeddedDb(join(dir, 'db'));
  const stopDb = () => void db.stop().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  process.once('SIGINT', stopDb);
  process.once('SIGTERM', stopDb);
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  pool.on('error', () => {}); // an idle client losing the server at the end: nothing to do
  const server = () => serverCpuMs(db.dataDir) / 1000;
  try {
    await ensureSchema(pool);
    const cores = availableParallelism();
    const loadAverage = loadavg()[0]!;
    // Realistic cells: the default study (60 s of traffic); quick: 20 s of it. Two points x N seeds.
    const seeds = opts.quick === true ? 2 : 3;
    const set = opts.quick === true ? '{ durationSeconds: 20, drainSeconds: 10 }' : '{}';
    const cell = `default scenario${opts.quick === true ? ' shortened to 20 s of traffic' : ''}`;
    opts.log(`load average ${loadAverage.toFixed(1)} on ${cores} cores at the start; cells: ${cell}, ${2 * seeds} per run; node ${process.version}, worker processes with Node's default flags`);
    const runs: (Omit<ScalingRun, 'netCpuPerCellSeconds'> & { id: string })[] = [];
    for (const [round, workers] of [1, 2, 1, 2].entries()) {
      const p = plan(dir, `scale-r${round}-w${workers}`, 'default', set, '[0, 0.01]', seeds);
      const [children0, server0, own0, machine0] = [reapedChildrenCpuMs(), server(), process.cpuUsage(), machineCpuMs()];
      const threads = childThreadSampler('worker');
      const sampling = setInterval(threads.sample, 250);
      const t0 = performance.now();
      try {
        await runSweep(p, { outDir: join(dir, p.name), database: db.url, workers, pollMs: 1000 });
      } finally {
        clearInterval(sampling);
      }
      const wall = (performance.now() - t0) / 1000;
      const byThread = threads.totals();
      const machine1 = machineCpuMs();
      const workerCpuSeconds = (reapedChildrenCpuMs() - children0) / 1000;
      const t = await window(pool, p.id);
      const r = {
        id: p.id,
        workers, cells: t.cells, seconds: t.seconds, cellsPerSecond: t.cells / t.seconds, medianRunMs: t.medianRunMs,
        workerCpuSeconds, workerCores: workerCpuSeconds / wall, workerCpuPerCellSeconds: workerCpuSeconds / t.cells,
        serverCpuSeconds: server() - server0, coordinatorCpuSeconds: cpuOf(process.cpuUsage(own0)),
        idleCores: (machine1.idle - machine0.idle) / 1000 / wall,
        mainThreadCpuSeconds: byThread.main / 1000, otherThreadsCpuSeconds: byThread.others / 1000,
      };
      runs.push(r);
      opts.log(`${workers} worker${workers > 1 ? 's' : ' '}: ${r.cells} cells in ${r.seconds.toFixed(1)} s = ${r.cellsPerSecond.toFixed(3)} cells/s | median cell ${(r.medianRunMs / 1000).toFixed(1)} s wall | workers ${r.workerCpuSeconds.toFixed(1)} CPU-s = ${r.workerCores.toFixed(2)} cores, ${r.workerCpuPerCellSeconds.toFixed(2)} CPU-s per cell | server ${r.serverCpuSeconds.toFixed(2)} CPU-s, coordinator ${r.coordinatorCpuSeconds.toFixed(2)} CPU-s | machine idle ${r.idleCores.toFixed(2)} cores`);
      opts.log(`   by thread: main threads ${r.mainThreadCpuSeconds.toFixed(1)} CPU-s, other threads ${r.otherThreadsCpuSeconds.toFixed(1)} CPU-s (${(100 * r.otherThreadsCpuSeconds / r.mainThreadCpuSeconds).toFixed(0)}% of the main threads'; start-up included)`);
    }
    // A worker's fixed cost: start (tsx, the code version's hash of the sources, pg-boss), find its
    // sweep done, exit. Three in a row, the median; taken off the per-cell CPU so 1 and 2 workers compare.
    const startups: number[] = [];
    const startupThreads = childThreadSampler('worker');
    for (let i = 0; i < 3; i++) {
      const c0 = reapedChildrenCpuMs();
      const child = spawn(process.execPath, [BIN, 'worker', '--database', db.url, '--sweep', runs[0]!.id, '--exit-when-done', '--quiet'], { stdio: 'ignore' });
      const sampling = setInterval(startupThreads.sample, 100);
      const status = await new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      clearInterval(sampling);
      if (status !== 0) throw new Error(`a worker for the start-up measurement exited with ${status}`);
      startups.push((reapedChildrenCpuMs() - c0) / 1000);
    }
    const startupCpuSeconds = median(startups);
    // The start-up's own split by thread (the module loader works only then), mean of the three.
    const st = startupThreads.totals();
    const startupMain = st.main / 1000 / Math.max(1, st.processes);
    const startupOthers = st.others / 1000 / Math.max(1, st.processes);
    opts.log(`  of which main thread ${startupMain.toFixed(2)} CPU-s, other threads ${startupOthers.toFixed(2)} CPU-s (tsx's module loader thread, V8's compiler and GC helpers)`);
    opts.log(`one worker process's start-up and shut-down: ${startupCpuSeconds.toFixed(2)} CPU-s (median of 3)`);
    const scaling: ScalingRun[] = runs.map(({ id: _id, ...r }) => ({ ...r, netCpuPerCellSeconds: (r.workerCpuSeconds - r.workers * startupCpuSeconds) / r.cells }));
    const best = <K extends keyof ScalingRun>(w: number, k: K) => scaling.filter((r) => r.workers === w).map((r) => r[k] as number);
    const speedup = Math.max(...best(2, 'cellsPerSecond')) / Math.max(...best(1, 'cellsPerSecond'));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const coresRatio = mean(best(2, 'workerCores')) / mean(best(1, 'workerCores'));
    const cpuEfficiency = mean(best(1, 'netCpuPerCellSeconds')) / mean(best(2, 'netCpuPerCellSeconds'));
    opts.log(`speed-up 2 vs 1 workers (best run of each): ${speedup.toFixed(2)}x wall-clock; the workers had ${coresRatio.toFixed(2)}x the cores with 2 (mean ${mean(best(1, 'workerCores')).toFixed(2)} -> ${mean(best(2, 'workerCores')).toFixed(2)});`);
    const ones = scaling.filter((r) => r.workers === 1);
    // Start-up taken off (one per worker process): what a long sweep's cells cost by thread.
    const otherThreadShare = ones.reduce((a, r) => a + r.otherThreadsCpuSeconds - startupOthers, 0) / ones.reduce((a, r) => a + r.mainThreadCpuSeconds - startupMain, 0);
    const withStartup = ones.reduce((a, r) => a + r.otherThreadsCpuSeconds, 0) / ones.reduce((a, r) => a + r.mainThreadCpuSeconds, 0);
    const twoCoreBound = Math.min(2, cores) / (1 + otherThreadShare);
    const idle = mean(scaling.map((r) => r.idleCores));
    opts.log(`  one worker alone: its other threads used ${(100 * otherThreadShare).toFixed(1)}% of its main thread's CPU without start-up (${(100 * withStartup).toFixed(1)}% with it), so 2 workers on 2 free cores reach at most ${twoCoreBound.toFixed(2)}x; the machine had ${idle.toFixed(2)} idle cores on average (${(100 * idle / cores).toFixed(0)}%: other jobs ${idle < 0.2 ? 'left almost nothing idle, so the wall-clock figures measure them too' : 'left some'})`);
    opts.log(`  the speed-up measured, ${speedup.toFixed(2)}x, is ${((100 * speedup) / twoCoreBound).toFixed(0)}% of that bound (issue 15's target: 1.8x)`);
    opts.log(`  CPU per cell without start-up, 1 worker: ${mean(best(1, 'netCpuPerCellSeconds')).toFixed(2)} s, 2 workers: ${mean(best(2, 'netCpuPerCellSeconds')).toFixed(2)} s; ratio ${cpuEfficiency.toFixed(2)} (1.00 = a second worker makes no cell dearer): on 2 free cores the speed-up would be about ${(twoCoreBound * cpuEfficiency).toFixed(2)}x (the bound x this ratio)`);

    // Queue and database work per cell, in this process: short cells, the two commit modes alternating.
    const p = plan(dir, 'overhead', TINY, '{}', '[0, 0.01, 0.02, 0.03]', opts.quick === true ? 12 : 20);
    await registerSweep(pool, p);
    const boss = await openQueue(db.url, p.spec.cellTimeoutSeconds, () => {});
    const timings: Record<'one-statement' | 'transaction', CellTiming[]> = { 'one-statement': [], transaction: [] };
    let serverMs = 0;
    try {
      await ensureQueue(boss, queueName(p.id));
      await enqueue(boss, pool, p);
      const sweep = (await listSweeps(pool)).find((s) => s.id === p.id)!;
      for (let i = 0; ; i++) {
        const commit = i % 2 === 0 ? 'one-statement' : 'transaction';
        const s0 = server();
        const t = await processOne(boss, pool, sweep, () => {}, { commit });
        if (t === undefined) break;
        // Around the whole cell: the run itself sends the server nothing, so this is the fetch and the
        // commit (10 ms ticks: meaningful as a mean over many cells only).
        if (i >= 2) {
          // the first two warm up
          timings[commit].push(t);
          serverMs += (server() - s0) * 1000;
        }
      }
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const modes = Object.fromEntries(
      (['one-statement', 'transaction'] as const).map((m) => {
        const xs = timings[m];
        return [m, {
          fetchMs: median(xs.map((x) => x.fetchMs)), fetchCpuMs: median(xs.map((x) => x.fetchCpuMs)),
          commitMs: median(xs.map((x) => x.commitMs)), commitCpuMs: median(xs.map((x) => x.commitCpuMs)),
        }];
      }),
    ) as SweepBenchResult['overhead']['modes'];
    const cells = timings['one-statement'].length + timings.transaction.length;
    const serverCpuMsPerCell = serverMs / cells;
    const defaultCellCpuMs = 1000 * mean(best(1, 'netCpuPerCellSeconds'));
    for (const m of ['one-statement', 'transaction'] as const) {
      const x = modes[m];
      opts.log(`queue + database per cell, ${m.padEnd(13)}: fetch ${x.fetchMs.toFixed(2)} ms wall / ${x.fetchCpuMs.toFixed(2)} ms CPU, row + completion ${x.commitMs.toFixed(2)} ms wall / ${x.commitCpuMs.toFixed(2)} ms CPU (medians, this process)`);
    }
    const one = modes['one-statement'];
    const perCell = one.fetchCpuMs + one.commitCpuMs + serverCpuMsPerCell;
    const pctOfDefaultCell = (100 * perCell) / defaultCellCpuMs;
    const sum = (k: keyof ScalingRun) => scaling.reduce((a, r) => a + (r[k] as number), 0);
    const netWorkerCpu = scaling.reduce((a, r) => a + r.netCpuPerCellSeconds * r.cells, 0);
    const wholeSweepPct = (100 * (sum('serverCpuSeconds') + sum('coordinatorCpuSeconds'))) / netWorkerCpu;
    opts.log(`  one-statement vs transaction: row + completion ${(modes.transaction.commitMs / one.commitMs).toFixed(2)}x faster wall, ${(modes.transaction.commitCpuMs / one.commitCpuMs).toFixed(2)}x less worker CPU`);
    opts.log(`  server ${serverCpuMsPerCell.toFixed(2)} ms CPU per cell (mean over all ${cells} short cells; per mode it is below the 10 ms tick)`);
    opts.log(`  per cell ${perCell.toFixed(2)} ms CPU (this worker's fetch and commit + the server) = ${pctOfDefaultCell.toFixed(3)}% of a ${cell} cell's ${(defaultCellCpuMs / 1000).toFixed(1)} CPU-s`);
    opts.log(`  whole sweeps above (server incl. progress polls + coordinator) / workers' CPU less start-up: ${wholeSweepPct.toFixed(2)}%`);
    return { cores, loadAverage, cell, runs: scaling, startupCpuSeconds, speedup, coresRatio, cpuEfficiency, otherThreadShare, twoCoreBound, overhead: { cells, modes, serverCpuMsPerCell, defaultCellCpuMs, pctOfDefaultCell, wholeSweepPct } };
  } finally {
    process.off('SIGINT', stopDb);
    process.off('SIGTERM', stopDb);
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runSweepBench({ log: console.log, quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
}
