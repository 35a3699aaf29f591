// Where the event loop's time goes, measured rather than inferred from the crypto clock: a V8 CPU
// profile of `sim.run` alone (node:inspector, 200 us sampling), each main-thread sample put in one
// category by its stack: MLS (any frame in sim/mls, sim/signal, ts-mls or the noble libraries: the
// protocol's code and the crypto it calls, wherever it runs), garbage collection, V8's own
// "(program)", idle (waiting, mostly for libuv's thread pool), or the simulation, by the innermost
// project file area on the stack (sim/net, sim/trace, sim/actors/..). Counts of samples, not their
// time deltas: on a loaded machine a descheduled sample would otherwise weigh hundreds of ms. Then the
// same for the samples taken outside the crypto clock's spans (what `other %` counts): MLS there is
// MLS work no span timed.
//   node --import tsx bench/overheadProfile.ts [k] [convs] [--signal] [--scenario file-or-preset]
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
  readonly callFrame: { readonly functionName: string; readonly url: string };
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
function outsideTheClock(profile: CpuProfile, union: readonly (readonly [number, number])[]): Map<string, number> {
  const categoryOf = categorizer(profile.nodes);
  const counts = new Map<string, number>();
  let t = profile.startTime;
  let j = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    while (j < union.length && union[j]![1] < t) j++;
    if (j < union.length && union[j]![0] <= t) continue;
    const c = categoryOf(profile.samples[i]!);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly startTime: number;
  readonly timeDeltas: number[];
}

export async function profileOverhead(k: number, convs: number, signal: boolean, scenario?: string): Promise<OverheadProfile> {
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
  // process.hrtime counts them): the offset is read once, both clocks side by side.
  const offsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000; // wall-clock ok: measurement
  const union: [number, number][] = [];
  const r = await runScenario(s, {
    onWorldReady: (ctx) => {
      (ctx as BuiltWorld).clock.onUnion = (from, to) => void union.push([from * 1000 + offsetUs, to * 1000 + offsetUs]);
      const sim = ctx.world.sim;
      const run = sim.run.bind(sim);
      sim.run = async (limits) => {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
        await session.post('Profiler.start');
        try {
          return await run(limits);
        } finally {
          profile = (await session.post('Profiler.stop')).profile as unknown as typeof profile;
        }
      };
    },
  });
  session.disconnect();
  const counts = categorize(profile!.nodes, profile!.samples);
  const idle = counts.get('(idle)') ?? 0;
  counts.delete('(idle)');
  counts.delete('(root)');
  let busy = 0;
  for (const v of counts.values()) busy += v;
  const shares = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([c, v]) => [c, v / busy]));
  union.sort((a, b) => a[0] - b[0]);
  const out = outsideTheClock(profile!, union);
  let outTotal = 0;
  for (const v of out.values()) outTotal += v;
  const outside = Object.fromEntries([...out].sort((a, b) => b[1] - a[1]).map(([c, v]) => [c, v / Math.max(1, outTotal)]));
  return { samples: busy + idle, busy: shares, idle: idle / (busy + idle), otherShare: (r.wall.runMs - r.wall.cryptoMs) / r.wall.runMs, outside };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--scenario');
  const scenario = at > 0 ? process.argv[at + 1] : undefined;
  const [k = 1, convs = 1] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--scenario').map(Number);
  const p = await profileOverhead(k, convs, process.argv.includes('--signal'), scenario);
  const sim = Object.entries(p.busy).filter(([c]) => c.startsWith('sim/') || c === 'node and loader');
  const simShare = sim.reduce((n, [, v]) => n + v, 0);
  console.log(`${scenario ?? `default x${k} users, x${convs} conversations`}: ${p.samples} samples, idle ${(100 * p.idle).toFixed(1)}%; of the busy main thread:`);
  console.log(`  MLS ${(100 * (p.busy['MLS'] ?? 0)).toFixed(1)}%, GC ${(100 * (p.busy['(garbage collector)'] ?? 0)).toFixed(1)}%, V8 (program) ${(100 * (p.busy['(program)'] ?? 0)).toFixed(1)}%, simulation ${(100 * simShare).toFixed(1)}%`);
  for (const [c, v] of sim.slice(0, 12)) console.log(`    ${(100 * v).toFixed(1).padStart(5)}%  ${c}`);
  console.log(`  wall outside the crypto clock (bench's other %): ${(100 * p.otherShare).toFixed(1)}%; what ran then:`);
  console.log(`    ${Object.entries(p.outside).slice(0, 10).map(([c, v]) => `${c} ${(100 * v).toFixed(1)}%`).join(', ')}`);
}
