// What each kind of event costs outside the crypto clock: the kernel's probe (RunLimits.probe) is told
// when each event and each after-event job starts and ends, and the wall time between, less the crypto
// clock's gain over it, is that event's simulation time. Events are grouped by their handler's name and,
// for the network's hop events, by the envelope's kind and whether it is addressed to a device or a
// server. The table's total is the run's `other %` seconds but what ran between events (the kernel's own
// loop, promise turns), shown as its own line. The last line is the run's garbage-collection pauses and
// how much of them lay outside the clock (bench/gcPauses.ts). Wall time: run it on a quiet machine, or
// compare shares.
//   node --import tsx bench/eventCosts.ts [k] [convs] [--signal] [--scenario file-or-preset] [--warm] [--top=N]
// k multiplies the default scenario's users, convs its conversations (10 10 is the scaling table's 10x
// row); or any scenario as it is. --warm runs it once before the measured run (JIT and caches warm, as
// the scaling table's later rows are).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import type { EventProbe } from '../sim/core/index.ts';
import { formatGcPauses, GcPauses, type GcPauseKind } from './gcPauses.ts';
import type { BuiltWorld } from '../sim/runner/buildWorld.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import type { Scenario } from '../scenarios/index.ts';

export interface EventCost {
  /** Handler name, and for a hop event the envelope's kind and addressee (`device` or `server`). */
  readonly kind: string;
  readonly events: number;
  /** Wall milliseconds outside the crypto clock, over all these events. */
  readonly otherMs: number;
  /** Wall milliseconds of MLS work inside them (the clock's gain while they ran). */
  readonly cryptoMs: number;
}

export interface EventCosts {
  readonly runMs: number;
  readonly cryptoMs: number;
  /** Wall outside the clock, as `other %` counts it. */
  readonly otherMs: number;
  /** Of that, what ran between events (the kernel's loop, promise turns). */
  readonly betweenMs: number;
  readonly kinds: readonly EventCost[];
  /** Garbage-collection pauses during the run, by kind, and how much of each lay outside the clock. */
  readonly gc: readonly GcPauseKind[];
}

/** The label of what ran: the handler's name, and an envelope's kind and addressee when it carries one. */
export function eventKind(handler: (arg: never) => unknown, arg: unknown): string {
  const name = handler.name === '' ? '(anonymous)' : handler.name;
  const env = (arg as { env?: { kind?: unknown; to?: unknown } } | undefined)?.env;
  if (env === undefined || typeof env.kind !== 'string' || typeof env.to !== 'string') return name;
  // Device ids are provider/user/device; servers' ids have no slash.
  return `${name} ${env.kind} to ${env.to.includes('/') ? 'device' : 'server'}`;
}

class CostProbe implements EventProbe {
  private wall = 0;
  private crypto = 0;
  readonly byKind = new Map<string, { events: number; otherMs: number; cryptoMs: number }>();

  constructor(private readonly cryptoTotal: () => number) {}

  begin(): void {
    this.crypto = this.cryptoTotal();
    this.wall = performance.now(); // wall-clock ok: measurement only, never fed back
  }

  end(handler: (arg: never) => unknown, arg: unknown): void {
    const wall = performance.now() - this.wall; // wall-clock ok
    const crypto = this.cryptoTotal() - this.crypto;
    const kind = eventKind(handler, arg);
    let k = this.byKind.get(kind);
    if (k === undefined) this.byKind.set(kind, (k = { events: 0, otherMs: 0, cryptoMs: 0 }));
    k.events++;
    k.otherMs += wall - crypto;
    k.cryptoMs += crypto;
  }
}

/** Runs `s` with the probe on and returns what each kind of event cost outside the crypto clock. */
export async function measureEventCosts(s: Scenario): Promise<EventCosts> {
  let probe: CostProbe | undefined;
  const gc = new GcPauses();
  const r = await runScenario(s, {
    onWorldReady: (ctx) => {
      const clock = (ctx as BuiltWorld).clock;
      probe = new CostProbe(() => clock.totalMs());
      clock.onUnion = (from, to) => gc.span(from, to);
      const sim = ctx.world.sim;
      const run = sim.run.bind(sim);
      sim.run = async (limits) => {
        const from = performance.now(); // wall-clock ok: measurement only
        try {
          return await run({ ...limits, probe });
        } finally {
          gc.window(from, performance.now()); // wall-clock ok
        }
      };
    },
  });
  const kinds = [...probe!.byKind].map(([kind, k]) => ({ kind, ...k })).sort((a, b) => b.otherMs - a.otherMs);
  const otherMs = r.wall.runMs - r.wall.cryptoMs;
  return { runMs: r.wall.runMs, cryptoMs: r.wall.cryptoMs, otherMs, betweenMs: otherMs - kinds.reduce((n, k) => n + k.otherMs, 0), kinds, gc: await gc.stop() };
}

export function scenarioOf(k: number, convs: number, signal: boolean, scenario?: string): Scenario {
  const d = loadScenario(scenario);
  return validateScenario({
    ...d,
    ...(scenario === undefined && {
      name: `default-x${k}-c${convs}`,
      providers: d.providers.map((p) => ({ ...p, users: p.users * k })),
      workload: { ...d.workload, oneToOne: d.workload.oneToOne * convs, groups: { ...d.workload.groups, count: d.workload.groups.count * convs } },
    }),
    ...(signal && { protocol: 'signal' as const }),
  });
}

export function formatEventCosts(c: EventCosts, top = 25): string[] {
  const pct = (ms: number): string => ((100 * ms) / c.runMs).toFixed(1);
  const lines = [
    `run ${(c.runMs / 1000).toFixed(2)} s, MLS ${(c.cryptoMs / 1000).toFixed(2)} s, other ${(c.otherMs / 1000).toFixed(2)} s (${pct(c.otherMs)}% of the run)`,
    `${'other ms'.padStart(9)} ${'% run'.padStart(6)} ${'events'.padStart(8)} ${'us/event'.padStart(9)} ${'MLS ms'.padStart(8)}  event`,
  ];
  for (const k of c.kinds.slice(0, top)) {
    lines.push(`${k.otherMs.toFixed(0).padStart(9)} ${pct(k.otherMs).padStart(6)} ${String(k.events).padStart(8)} ${((1000 * k.otherMs) / k.events).toFixed(1).padStart(9)} ${k.cryptoMs.toFixed(0).padStart(8)}  ${k.kind}`);
  }
  if (c.kinds.length > top) {
    const rest = c.kinds.slice(top);
    lines.push(`${rest.reduce((n, k) => n + k.otherMs, 0).toFixed(0).padStart(9)} ${pct(rest.reduce((n, k) => n + k.otherMs, 0)).padStart(6)} ${String(rest.reduce((n, k) => n + k.events, 0)).padStart(8)} ${''.padStart(9)} ${''.padStart(8)}  (${rest.length} other kinds)`);
  }
  lines.push(`${c.betweenMs.toFixed(0).padStart(9)} ${pct(c.betweenMs).padStart(6)} ${''.padStart(8)} ${''.padStart(9)} ${''.padStart(8)}  (between events: the kernel's loop, promise turns)`);
  lines.push(formatGcPauses(c.gc));
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const at = process.argv.indexOf('--scenario');
    const scenario = at > 0 ? process.argv[at + 1] : undefined;
    if (at > 0 && (scenario === undefined || scenario.startsWith('--'))) throw new RangeError('--scenario: expected a file or preset name after it');
    const sizes = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--scenario');
    for (const n of sizes) if (!/^[1-9]\d*$/.test(n)) throw new RangeError(`size: expected a positive integer (k, then convs), got ${JSON.stringify(n)}`);
    if (scenario !== undefined && sizes.length > 0) throw new RangeError(`size: k and convs scale the default scenario, not --scenario ${scenario}`);
    const [k = 1, convs = 1] = sizes.map(Number);
    const top = process.argv.find((a) => a.startsWith('--top='));
    if (top !== undefined && !/^--top=[1-9]\d*$/.test(top)) throw new RangeError(`--top: expected a positive integer, got ${JSON.stringify(top.slice(6))}`);
    const s = scenarioOf(k, convs, process.argv.includes('--signal'), scenario);
    if (process.argv.includes('--warm')) await runScenario(s);
    for (const line of formatEventCosts(await measureEventCosts(s), top === undefined ? 25 : Number(top.slice(6)))) console.log(line);
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
