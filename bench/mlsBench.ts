// The MLS benchmark (issue 8): each operation of the ts-mls engine on ts-mls's stock crypto provider and
// on our native one, side by side in one run, against a floor of raw node:crypto primitives.
//
//   node --expose-gc --import tsx bench/mlsBench.ts [--quick] [--json FILE] [--svg FILE] [--n 8,128] [--suites 1,83]
//
// Default: N in 2, 8, 32, 128, 512 (and 1024 for suite 1) on suites 1, 3, 83 (X-Wing) and 81 (ML-KEM-1024),
// a few minutes on 2 cores. --quick: N in 8 and 128 on suite 1, under a minute.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import type { MlsEngine } from '../sim/mls/engine.ts';
import { serializedStateBytes } from '../sim/mls/tsMls/handles.ts';
import { createTsMlsEngine } from '../sim/mls/tsMlsEngine.ts';
import { buildFixture, createMembers, pairOn, type Fixture } from './mls/fixtures.ts';
import { floorMs, measureFloor, sparseFloorMs } from './mls/floor.ts';
import { formatTable, formatTargets, type MemoryResult, type MlsBenchReport, type Op, type OpResult, type Provider } from './mls/report.ts';
import { renderSvg } from './mls/svg.ts';

export interface MlsBenchOptions {
  readonly quick?: boolean;
  /** Write the report as JSON here. */
  readonly json?: string;
  /** Write the chart here. */
  readonly svg?: string;
  /** Override the group sizes (each >= 2). */
  readonly ns?: readonly number[];
  /** Override the ciphersuites. */
  readonly suites?: readonly number[];
  /** Where progress and the table go (default: console.log). */
  readonly log?: (line: string) => void;
}

const PROVIDERS: readonly Provider[] = ['stock', 'native'];

export async function runMlsBench(options: MlsBenchOptions = {}): Promise<MlsBenchReport> {
  const started = performance.now();
  const quick = options.quick === true;
  const log = options.log ?? ((l: string) => console.log(l));
  const suites = options.suites ?? (quick ? [1] : [1, 3, 83, 81]);
  const nsFor = (suite: number) => options.ns ?? (quick ? [8, 128] : suite === 1 ? [2, 8, 32, 128, 512, 1024] : [2, 8, 32, 128, 512]);
  for (const n of suites.flatMap(nsFor)) if (!Number.isInteger(n) || n < 2) throw new RangeError(`ns: expected group sizes >= 2, got ${n}`);
  const engines: Record<Provider, MlsEngine> = { native: createTsMlsEngine({ crypto: 'native' }), stock: createTsMlsEngine({ crypto: 'stock' }) };
  for (const s of suites) if (!engines.native.ciphersuites.some((c) => c.id === s)) throw new RangeError(`suites: ${s} is not supported by the ts-mls engine`);
  const budget = quick ? 20 : 150;

  log(`floor: node:crypto primitives (${budget * 2} ms each)`);
  const floor = await measureFloor(budget * 2);
  const allNs = [...new Set(suites.flatMap(nsFor))].sort((a, b) => a - b);
  const results: OpResult[] = [];
  const memory: MemoryResult[] = [];

  for (const suite of suites) {
    for (const p of PROVIDERS) {
      const [m] = await createMembers(engines[p], suite, 2, [0]);
      results.push(await measure(suite, 'key-package', 0, p, () => engines[p].generateKeyPackage(m!), budget, 3, true));
    }
    for (const n of nsFor(suite)) {
      const t = performance.now();
      const f = await buildFixture(engines.native, suite, n);
      log(`suite ${suite} N=${n}: fixture built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      memory.push(await memoryOf(engines.native, f));
      for (const p of PROVIDERS) {
        for (const r of await measureAt(engines[p], f, p, budget, n <= 128)) results.push(r);
      }
      const row = (op: Op) => {
        const [st, na] = PROVIDERS.map((p) => results.find((r) => r.suite === suite && r.n === n && r.op === op && r.provider === p)?.medianMs ?? NaN);
        return `${op} ${st!.toFixed(1)}/${na!.toFixed(1)} ms`;
      };
      log(`  stock/native: ${row('commit (sparse)')}, ${row('commit (filled)')}, ${row('process (filled)')}`);
    }
  }
  const report: MlsBenchReport = {
    meta: { node: process.version, cpus: availableParallelism(), quick, date: new Date().toISOString(), seconds: (performance.now() - started) / 1000 },
    suites: suites.map((id) => ({ id, name: engines.native.ciphersuites.find((c) => c.id === id)!.name })),
    floor: { ...floor, perN: allNs.map((n) => ({ n, ms: floorMs(floor, n), sparseMs: sparseFloorMs(floor, n) })) },
    results,
    memory,
  };
  log(formatTable(report));
  for (const line of formatTargets(report)) log(line);
  log(`(${report.meta.seconds.toFixed(0)} s, node ${report.meta.node}, ${report.meta.cpus} cpus)`);
  if (options.json !== undefined) writeFileSync(options.json, JSON.stringify(report, null, 2));
  if (options.svg !== undefined) writeFileSync(options.svg, renderSvg(report));
  return report;
}

async function measureAt(engine: MlsEngine, f: Fixture, p: Provider, budget: number, warm: boolean): Promise<OpResult[]> {
  const ok = <T extends { kind: string }>(r: T): Extract<T, { kind: 'ok' | 'accepted' }> => {
    if (r.kind !== 'ok' && r.kind !== 'accepted') throw new Error(`bench: ${JSON.stringify(r)}`);
    return r as Extract<T, { kind: 'ok' | 'accepted' }>;
  };
  const [creator, joiner] = await createMembers(engine, f.suite, f.n, [0, f.n - 1]);
  const sparse = await pairOn(engine, f, f.sparse);
  const filled = await pairOn(engine, f, f.filled);
  const sparseCommit = ok(await engine.commit(sparse.committer, { forcePath: true }));
  const filledCommit = ok(await engine.commit(filled.committer, { forcePath: true }));
  const plaintext = new Uint8Array(100).fill(7);
  const app = ok(await engine.protect(sparse.committer, plaintext));
  const groupId = new TextEncoder().encode(`mls-bench-${f.suite}-${f.n}`);
  const one = (op: Op, fn: () => Promise<unknown>, minIterations = 2) => measure(f.suite, op, f.n, p, fn, budget, minIterations, warm);
  return [
    await one('create+add N-1', async () => ok(await engine.commit((await engine.createGroup(creator!, groupId)).state, { adds: f.keyPackages })), 1),
    await one('join', async () => ok(await engine.joinFromWelcome(joiner!, f.welcome, f.joiner.keyPackagePrivate))),
    await one('commit (sparse)', async () => ok(await engine.commit(sparse.committer, { forcePath: true }))),
    await one('process (sparse)', async () => ok(await engine.processHandshake(sparse.receiver, sparseCommit.commit))),
    await one('commit (filled)', async () => ok(await engine.commit(filled.committer, { forcePath: true }))),
    await one('process (filled)', async () => ok(await engine.processHandshake(filled.receiver, filledCommit.commit))),
    await one('encrypt 100 B', async () => ok(await engine.protect(sparse.committer, plaintext)), 5),
    await one('decrypt 100 B', async () => ok(await engine.unprotect(sparse.receiver, app.message)), 5),
  ];
}

// Besides wall time, each call's CPU time (process.cpuUsage: every thread of the process, so work handed
// to the thread pool counts too), which other load on the machine disturbs far less.
async function measure(suite: number, op: Op, n: number, provider: Provider, fn: () => Promise<unknown>, time: number, iterations: number, warmup: boolean): Promise<OpResult> {
  const bench = new Bench({ time, iterations, warmup, warmupIterations: 1, warmupTime: 0, throws: true });
  const cpu: number[] = [];
  bench.add(op, async () => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  });
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (!('latency' in r)) throw new Error(`bench: ${op} at N=${n} ended ${r.state}`);
  const measured = warmup ? cpu.slice(1) : cpu;
  return {
    suite,
    op,
    n,
    provider,
    meanMs: r.latency.mean,
    medianMs: r.latency.p50 ?? r.latency.mean,
    minMs: r.latency.min,
    cpuMs: median(measured.length > 0 ? measured : cpu),
    samples: r.latency.samples?.length ?? 0,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function memoryOf(engine: MlsEngine, f: Fixture): Promise<MemoryResult> {
  const stateBytes = await serializedStateBytes(f.filled.receiver);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return { suite: f.suite, n: f.n, stateBytes, heapBytes: undefined };
  const [joiner] = await createMembers(engine, f.suite, f.n, [f.n - 1]);
  const join = async () => {
    const r = await engine.joinFromWelcome(joiner!, f.welcome, f.joiner.keyPackagePrivate);
    if (r.kind !== 'ok') throw new Error('bench: join for memory failed');
    return r.state;
  };
  await join(); // warm the engine's key caches first
  const K = 4;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = [];
  for (let k = 0; k < K; k++) held.push(await join());
  gc();
  gc();
  const heapBytes = Math.max(0, (process.memoryUsage().heapUsed - before) / K);
  return { suite: f.suite, n: f.n, stateBytes, heapBytes: held.length === K ? heapBytes : undefined };
}

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const list = (flag: string) => argValue(args, flag)?.split(',').map(Number);
  const ns = list('--n');
  const suites = list('--suites');
  await runMlsBench({
    quick: args.includes('--quick'),
    ...(argValue(args, '--json') === undefined ? {} : { json: argValue(args, '--json')! }),
    ...(argValue(args, '--svg') === undefined ? {} : { svg: argValue(args, '--svg')! }),
    ...(ns === undefined ? {} : { ns }),
    ...(suites === undefined ? {} : { suites }),
  });
}
