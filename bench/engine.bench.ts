// Kernel throughput against a bare binary-heap loop, measured side by side in one run, with async and
// with synchronous handlers; plus memory per pending event. Target (issue 2): ratio >= 0.5 with async.
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { Simulator, micros, type Duration } from '../sim/core/index.ts';
import { BareHeap } from './bareHeap.ts';

const EVENTS = 100_000;
const PENDING = 1_000;

/** Each handler schedules one successor at a pseudo-random later time, keeping PENDING in the queue. */
async function kernelRun(asyncHandlers: boolean): Promise<void> {
  const sim = new Simulator();
  let left = EVENTS;
  let x = 12345;
  const delay = (): Duration => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return micros(x % 1000);
  };
  const syncH = (): void => {
    if (--left > 0) sim.schedule(delay(), syncH);
  };
  const asyncH = async (): Promise<void> => {
    if (--left > 0) sim.schedule(delay(), asyncH);
  };
  const h = asyncHandlers ? asyncH : syncH;
  for (let i = 0; i < PENDING; i++) sim.schedule(delay(), h);
  await sim.run();
}

async function bareRun(asyncHandlers: boolean): Promise<void> {
  const heap = new BareHeap();
  let now = 0;
  let left = EVENTS;
  let x = 12345;
  const delay = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % 1000;
  };
  const syncH = (): void => {
    if (--left > 0) heap.push(now + delay(), syncH);
  };
  const asyncH = async (): Promise<void> => {
    if (--left > 0) heap.push(now + delay(), asyncH);
  };
  const h = asyncHandlers ? asyncH : syncH;
  for (let i = 0; i < PENDING; i++) heap.push(delay(), h);
  for (let e = heap.pop(); e !== undefined; e = heap.pop()) {
    now = e.time;
    if (asyncHandlers) await e.fn();
    else e.fn();
  }
}

function bytesPerPendingEvent(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  const n = 500_000;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const sim = new Simulator();
  const h = () => {};
  for (let i = 0; i < n; i++) sim.schedule(micros(i), h);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  if (sim.pending !== n) throw new Error('lost events');
  return (after - before) / n;
}

export interface EngineBenchResult {
  readonly asyncRatio: number;
  readonly syncRatio: number;
  readonly kernelEventsPerSecond: number;
  readonly bytesPerPendingEvent: number;
}

/** Kernel vs bare heap, side by side in one run; prints the table and the ratios. */
export async function runEngineBench(options: { quick?: boolean; log?: (line: string) => void } = {}): Promise<EngineBenchResult> {
  const quick = options.quick === true;
  const log = options.log ?? console.log;
  const bench = new Bench({ time: quick ? 300 : 2000, warmupTime: quick ? 100 : 500 });
  bench
    .add('kernel, async handlers', () => kernelRun(true))
    .add('bare heap, async handlers', () => bareRun(true))
    .add('kernel, sync handlers', () => kernelRun(false))
    .add('bare heap, sync handlers', () => bareRun(false));
  await bench.run();

  const eventsPerSec = (name: string): number => {
    const t = bench.tasks.find((x) => x.name === name)!;
    const r = t.result;
    if (r === undefined || r.state !== 'completed') throw new Error(`${name}: ${r?.state ?? 'no result'}`);
    return EVENTS / (r.latency.mean / 1000);
  };
  const rows = bench.tasks.map((t) => ({ task: t.name, 'events/s': Math.round(eventsPerSec(t.name)).toLocaleString('en-US'), samples: t.result?.state === 'completed' ? t.result.latency.samplesCount : 0 }));
  if (options.log === undefined) console.table(rows);
  else for (const r of rows) log(`${r.task.padEnd(28)} ${String(r['events/s']).padStart(12)} events/s`);
  const asyncRatio = eventsPerSec('kernel, async handlers') / eventsPerSec('bare heap, async handlers');
  const syncRatio = eventsPerSec('kernel, sync handlers') / eventsPerSec('bare heap, sync handlers');
  log(`kernel / bare heap throughput, async handlers: ${asyncRatio.toFixed(2)} (target >= 0.5) ${asyncRatio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
  log(`kernel / bare heap throughput, sync handlers:  ${syncRatio.toFixed(2)}`);
  const memory = bytesPerPendingEvent();
  log(`memory per pending event: ${memory.toFixed(0)} bytes${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a steadier number)'}`);
  return { asyncRatio, syncRatio, kernelEventsPerSecond: eventsPerSec('kernel, async handlers'), bytesPerPendingEvent: memory };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runEngineBench({ quick: process.argv.includes('--quick') });
