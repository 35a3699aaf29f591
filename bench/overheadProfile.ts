// Where the event loop's time goes, measured rather than inferred from the crypto clock: a V8 CPU
// profile of `sim.run` alone (node:inspector, 200 us sampling), each main-thread sample put in one
// category by its stack: MLS (any frame in sim/mls, sim/signal, ts-mls or the noble libraries: the
// protocol's code and the crypto it calls, wherever it runs), garbage collection, V8's own
// "(program)", idle (waiting, mostly for libuv's thread pool), or the simulation, by the innermost
// project file area on the stack (sim/net, sim/trace, sim/actors/..). Counts of samples, not their
// time deltas: on a loaded machine a descheduled sample would otherwise weigh hundreds of ms. Then the
// same for the samples taken outside the crypto clock's spans (what `other %` counts): MLS there is
// MLS work no span timed.
//   node --import tsx bench/overheadProfile.ts [k] [convs] [--signal] [--scenario file-or-preset] [--inclusive] [--top=N]
// k multiplies the default scenario's users, convs its conversations (10 10 is the 10x row); or any
// scenario as it is.
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import type { BuiltWorld } from '../sim/runner/buildWorld.ts';
import { runScenario } from '../sim/runner/runScenario.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}

export interface OverheadProfile {
  readonly samples: number;
  /** Shares of the samples that were not idle, by category (they sum to 1). */
  readonly busy: Readonly<Record<string, number>>;
  /** Share of all samples spent idle (waiting). */
  readonly idle: number;
  /** The run's wall time outside the crypto clock, as `interop-sim bench` reports it. */
  readonly otherShare: number;
  /** Shares of the samples taken outside the crypto clock's spans, by category (they sum to 1). */
  readonly outside: Readonly<Record<string, number>>;
  /** Of those outside samples that are MLS code, where the simulation called into it (caller → callee), as shares of all outside samples. */
  readonly untimedMls: Readonly<Record<string, number>>;
  /** Of the outside samples in the simulation's code, the innermost simulation function (with the code it called; or, inclusive, every one on the stack), as shares of all outside samples. */
  readonly simulation: Readonly<Record<string, number>>;
  /** The calibrated shift between the profile's and the clock's time bases, and the share of calibration samples it placed right. */
  readonly alignment: { readonly shiftUs: number; readonly accuracy: number; readonly samples: number };
}

const MLS_PARTS = ['/sim/mls/', '/sim/signal/', 'node_modules/ts-mls/', 'node_modules/@noble/', 'node_modules/@hpke/'];

function areaOf(url: string): string | undefined {
  if (url === '') return undefined;
  if (MLS_PARTS.some((p) => url.includes(p))) return 'MLS';
  const i = url.indexOf('/sim/');
  if (i < 0) return undefined;
  const parts = url.slice(i + 5).split('/');
  return parts[0] === 'actors' && parts.length > 1 ? `sim/actors/${parts[1]!.replace(/\.ts$/, '')}` : `sim/${parts[0]!.replace(/\.ts$/, '')}`;
}

/** Each sample's category: MLS if any frame is MLS code, else the innermost simulation area. */
export function categorize(nodes: readonly ProfileNode[], samples: readonly number[]): Map<string, number> {
  const categoryOf = categorizer(nodes);
  const counts = new Map<string, number>();
  for (const s of samples) {
    const c = categoryOf(s);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

/** The category of a profile node (memoized): MLS if any frame on its stack is MLS code, else the innermost simulation area. */
function categorizer(nodes: readonly ProfileNode[]): (id: number) => string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  return (id: number): string => {
    let c = memo.get(id);
    if (c !== undefined) return c;
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === '(garbage collector)' || fn === '(idle)' || fn === '(program)' || fn === '(root)') c = fn;
    else {
      let inner: string | undefined;
      let mls = false;
      for (let x: number | undefined = id; x !== undefined && !mls; x = parent.get(x)) {
        const a = areaOf(byId.get(x)!.callFrame.url);
        if (a === 'MLS') mls = true;
        else inner ??= a;
      }
      c = mls ? 'MLS' : (inner ?? 'node and loader');
    }
    memo.set(id, c);
    return c;
  };
}

/**
 * What ran while the crypto clock was not counting: the samples taken outside the union of its
 * spans (`union`, [from, to] in the profile's microseconds, sorted), by category. MLS there is MLS
 * code no span timed.
 */
function outsideTheClock(profile: CpuProfile, times: readonly number[], union: readonly (readonly [number, number])[], inclusive: boolean): { counts: Map<string, number>; entries: Map<string, number>; functions: Map<string, number> } {
  const categoryOf = categorizer(profile.nodes);
  const entryOf = mlsEntry(profile.nodes);
  const simFrameOf = innermostSimFrame(profile.nodes);
  const simFramesOf = allSimFrames(profile.nodes);
  const counts = new Map<string, number>();
  const entries = new Map<string, number>();
  const functions = new Map<string, number>();
  let j = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const t = times[i]!;
    if (Number.isNaN(t)) continue;
    while (j < union.length && union[j]![1] < t) j++;
    if (j < union.length && union[j]![0] <= t) continue;
    const c = categoryOf(profile.samples[i]!);
    counts.set(c, (counts.get(c) ?? 0) + 1);
    if (c.startsWith('sim/')) {
      if (inclusive) for (const f of simFramesOf(profile.samples[i]!)) functions.set(f, (functions.get(f) ?? 0) + 1);
      else {
        const f = simFrameOf(profile.samples[i]!);
        functions.set(f, (functions.get(f) ?? 0) + 1);
      }
    }
    if (c === 'MLS') {
      // Within EDGE_US of a span's edge, an MLS sample is the sampler's jitter, not untimed MLS work.
      const edge = Math.min(j > 0 ? t - union[j - 1]![1] : Infinity, j < union.length ? union[j]![0] - t : Infinity);
      const e = edge <= EDGE_US ? '(within 20 us of a span: sampling jitter)' : entryOf(profile.samples[i]!);
      entries.set(e, (entries.get(e) ?? 0) + 1);
    }
  }
  return { counts, entries, functions };
}

/** Every distinct simulation function on a sample's stack (for inclusive shares). */
function allSimFrames(nodes: readonly ProfileNode[]): (id: number) => Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return (id: number): Set<string> => {
    const out = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const n = byId.get(x)!;
      const i = n.callFrame.url.indexOf('/sim/');
      if (i >= 0) out.add(`${n.callFrame.functionName || '(anonymous)'} (${n.callFrame.url.slice(i + 1)})`);
    }
    return out;
  };
}

/** The innermost frame of the simulation's own code on a sample's stack (where its self time goes). */
function innermostSimFrame(nodes: readonly ProfileNode[]): (id: number) => string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return (id: number): string => {
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const n = byId.get(x)!;
      const i = n.callFrame.url.indexOf('/sim/');
      if (i >= 0) return `${n.callFrame.functionName || '(anonymous)'} (${n.callFrame.url.slice(i + 1)})`;
    }
    return '?';
  };
}

const EDGE_US = 20;

/** Where a sample's stack entered MLS code: the outermost MLS frame and the simulation frame that called it. */
function mlsEntry(nodes: readonly ProfileNode[]): (id: number) => string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} (${n.callFrame.url.replace(/^.*\/(sim|node_modules)\//, '$1/')})`;
  return (id: number): string => {
    let outer: ProfileNode | undefined;
    let next: ProfileNode | undefined;
    let caller: ProfileNode | undefined;
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const n = byId.get(x)!;
      if (areaOf(n.callFrame.url) === 'MLS') {
        next = outer;
        outer = n;
        caller = undefined;
      } else if (outer !== undefined && caller === undefined && n.callFrame.url !== '') caller = n;
    }
    // An anonymous outer frame (an engine's arrow function) says little: name the frame it called too.
    const into = outer === undefined ? '?' : outer.callFrame.functionName === '' && next !== undefined ? `${name(outer)} → ${name(next)}` : name(outer);
    return `${caller === undefined ? '(no simulation caller)' : name(caller)} → ${into}`;
  };
}

// Lining the clock's spans up with the profile. The profiler stamps its samples on its own time base,
// which sits tens to a hundred microseconds off process.hrtime's in a way that changes from process
// to process (measured: best alignment at -50 to -100 us); with spans of a few microseconds that is
// enough to put half of the timed MLS samples outside the clock. So each profile starts with a
// calibration: busy stretches of 5 to 45 us, of irregular length (so no shift by a whole period fits), alternately
// inside and outside a span recorded the way the clock records them, and the shift that classifies
// those samples best is applied to every sample of the run.
const CALIBRATION_ROUNDS = 4000;

function calibrationInside(us: number): number {
  return spin(us);
}
function calibrationOutside(us: number): number {
  return spin(us);
}
function spin(us: number): number {
  const end = performance.now() + us / 1000; // wall-clock ok: measurement
  let x = 0;
  while (performance.now() < end) x++; // wall-clock ok
  return x;
}

/** An integer hash (a round of multiply-xorshift): lengths with no period a shift could match. */
function scramble(i: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function calibrate(offsetUs: number): (readonly [number, number])[] {
  const spans: [number, number][] = [];
  for (let i = 0; i < CALIBRATION_ROUNDS; i++) {
    const a = performance.now(); // wall-clock ok
    calibrationInside(5 + (scramble(2 * i) % 41));
    spans.push([a * 1000 + offsetUs, performance.now() * 1000 + offsetUs]); // wall-clock ok
    calibrationOutside(5 + (scramble(2 * i + 1) % 41));
  }
  return spans;
}

/** The shift (us, added to the profile's times) that puts the calibration's samples on the right side of its spans most often, and how often. */
function bestShift(profile: CpuProfile, times: readonly number[], spans: readonly (readonly [number, number])[]): { shiftUs: number; accuracy: number; samples: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sideOf = (id: number): number => {
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame.functionName;
      if (f === 'calibrationInside') return 1;
      if (f === 'calibrationOutside') return 0;
    }
    return -1;
  };
  const side = profile.samples.map(sideOf);
  const scores: { shiftUs: number; accuracy: number }[] = [];
  for (let shift = -1000; shift <= 1000; shift += 5) {
    let j = 0;
    let ok = 0;
    let n = 0;
    for (let i = 0; i < times.length; i++) {
      if (side[i] === -1) continue;
      const t = times[i]! + shift;
      while (j < spans.length && spans[j]![1] < t) j++;
      const inSpan = j < spans.length && spans[j]![0] <= t;
      n++;
      if ((side[i] === 1) === inSpan) ok++;
    }
    scores.push({ shiftUs: shift, accuracy: ok / Math.max(1, n) });
  }
  // The middle of the best-scoring shifts (several fit equally where the sampler is exact).
  const top = Math.max(...scores.map((x) => x.accuracy));
  const best = scores.filter((x) => x.accuracy === top);
  return { ...best[best.length >> 1]!, samples: side.filter((x) => x !== -1).length };
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly startTime: number;
  readonly timeDeltas: number[];
}

export async function profileOverhead(k: number, convs: number, signal: boolean, scenario?: string, options: { readonly inclusive?: boolean } = {}): Promise<OverheadProfile> {
  const d = loadScenario(scenario);
  const s = scenario !== undefined ? d : validateScenario({
    ...d,
    name: `default-x${k}-c${convs}`,
    ...(signal && { protocol: 'signal' as const }),
    providers: d.providers.map((p) => ({ ...p, users: p.users * k })),
    workload: { ...d.workload, oneToOne: d.workload.oneToOne * convs, groups: { ...d.workload.groups, count: d.workload.groups.count * convs } },
  });
  const session = new Session();
  session.connect();
  let profile: CpuProfile | undefined;
  // The clock's stretches, moved onto the profiler's clock (microseconds of the monotonic clock, as
  // process.hrtime counts them) and then by the calibrated shift.
  const offsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000; // wall-clock ok: measurement
  const union: [number, number][] = [];
  let calibration: (readonly [number, number])[] = [];
  let runFromUs = 0;
  const r = await runScenario(s, {
    onWorldReady: (ctx) => {
      (ctx as BuiltWorld).clock.onUnion = (from, to) => void union.push([from * 1000 + offsetUs, to * 1000 + offsetUs]);
      const sim = ctx.world.sim;
      const run = sim.run.bind(sim);
      sim.run = async (limits) => {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
        await session.post('Profiler.start');
        calibration = calibrate(offsetUs);
        runFromUs = performance.now() * 1000 + offsetUs; // wall-clock ok
        try {
          return await run(limits);
        } finally {
          profile = (await session.post('Profiler.stop')).profile as unknown as typeof profile;
        }
      };
    },
  });
  session.disconnect();
  const p = profile!;
  const raw: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) raw.push((t += d));
  const alignment = bestShift(p, raw, calibration);
  const { shiftUs } = alignment;
  // The run's samples on the clock's time base; the calibration's are left out (NaN).
  const times = raw.map((x) => (x + shiftUs >= runFromUs ? x + shiftUs : Number.NaN));
  const run = { ...p, samples: p.samples.filter((_, i) => !Number.isNaN(times[i]!)) };
  const counts = categorize(run.nodes, run.samples);
  const idle = counts.get('(idle)') ?? 0;
  counts.delete('(idle)');
  counts.delete('(root)');
  let busy = 0;
  for (const v of counts.values()) busy += v;
  const shares = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([c, v]) => [c, v / busy]));
  union.sort((a, b) => a[0] - b[0]);
  const { counts: out, entries, functions } = outsideTheClock(p, times, union, options.inclusive === true);
  let outTotal = 0;
  for (const v of out.values()) outTotal += v;
  const byShare = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).map(([c, v]) => [c, v / Math.max(1, outTotal)]));
  return { samples: busy + idle, busy: shares, idle: idle / (busy + idle), otherShare: (r.wall.runMs - r.wall.cryptoMs) / r.wall.runMs, outside: byShare(out), untimedMls: byShare(entries), simulation: byShare(functions), alignment };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--scenario');
  const scenario = at > 0 ? process.argv[at + 1] : undefined;
  const [k = 1, convs = 1] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--scenario').map(Number);
  const inclusive = process.argv.includes('--inclusive');
  const p = await profileOverhead(k, convs, process.argv.includes('--signal'), scenario, { inclusive });
  const sim = Object.entries(p.busy).filter(([c]) => c.startsWith('sim/') || c === 'node and loader');
  const simShare = sim.reduce((n, [, v]) => n + v, 0);
  console.log(`${scenario ?? `default x${k} users, x${convs} conversations`}: ${p.samples} samples, idle ${(100 * p.idle).toFixed(1)}%; of the busy main thread:`);
  console.log(`  MLS ${(100 * (p.busy['MLS'] ?? 0)).toFixed(1)}%, GC ${(100 * (p.busy['(garbage collector)'] ?? 0)).toFixed(1)}%, V8 (program) ${(100 * (p.busy['(program)'] ?? 0)).toFixed(1)}%, simulation ${(100 * simShare).toFixed(1)}%`);
  for (const [c, v] of sim.slice(0, 12)) console.log(`    ${(100 * v).toFixed(1).padStart(5)}%  ${c}`);
  console.log(`  wall outside the crypto clock (bench's other %): ${(100 * p.otherShare).toFixed(1)}%; what ran then (profile aligned to the clock by ${p.alignment.shiftUs} us, ${(100 * p.alignment.accuracy).toFixed(1)}% of ${p.alignment.samples} calibration samples placed right):`);
  console.log(`    ${Object.entries(p.outside).slice(0, 10).map(([c, v]) => `${c} ${(100 * v).toFixed(1)}%`).join(', ')}`);
  console.log(`  the simulation functions that ran outside the clock (${inclusive ? 'every sim/ function on the stack, inclusive' : 'innermost frame of sim/, with what it called'}; share of the outside samples):`);
  const top = process.argv.find((a) => a.startsWith('--top='));
  for (const [e, v] of Object.entries(p.simulation).slice(0, top === undefined ? 15 : Number(top.slice(6)))) console.log(`    ${(100 * v).toFixed(1).padStart(5)}%  ${e}`);
  console.log('  MLS code run outside the clock, by where the simulation called it (share of the outside samples):');
  for (const [e, v] of Object.entries(p.untimedMls).slice(0, 12)) console.log(`    ${(100 * v).toFixed(1).padStart(5)}%  ${e}`);
}
