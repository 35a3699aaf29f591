// The simulation's own cost beside MLS: for the default scenario, the share of the event loop's wall
// time spent outside MLS operations (kernel, network, trace, ledger, metrics); and whole-scenario
// throughput (simulated messages per wall second) as users, providers and group sizes grow.
// "Outside MLS operations" is the run's wall time minus the crypto clock's total, which is the union
// of its spans (sim/actors/cryptoClock.ts: an instant two overlapping spans share counts once). MLS
// code the clock does not time (the continuation of a decryption started ahead, between other work)
// counts as simulation here; bench/overheadProfile.ts measures the split from a CPU profile instead.
//   node --import tsx bench/scenarioBench.ts [--quick]
import { pathToFileURL } from 'node:url';
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import { mainThreadCpuMs } from './procCpu.ts';

export interface ScenarioBenchResult {
  readonly overheadShare: number;
  readonly defaultRunMs: number;
  readonly scaling: readonly ScalingRow[];
  readonly throughput: readonly { label: string; devices: number; messages: number; copies: number; wallSeconds: number; messagesPerSecond: number; copiesPerSecond: number }[];
}

function scaled(providers: number, usersEach: number, groupMax: number) {
  return validateScenario({
    name: `scale-${providers}x${usersEach}-g${groupMax}`,
    durationSeconds: 30,
    drainSeconds: 15,
    providers: Array.from({ length: providers }, (_, i) => ({ id: `p${i}`, users: usersEach })),
    workload: {
      oneToOne: providers * 3,
      groups: { count: providers * 2, size: { kind: 'uniform', min: 3, max: groupMax } },
      messagesPerMemberPerMinute: 2,
      churn: { addsPerGroupPerHour: 20, removesPerGroupPerHour: 10 },
      updatePeriodSeconds: 30,
    },
  });
}

export async function runScenarioBench(options: { quick?: boolean; federation10k?: boolean; x100?: boolean; log?: (line: string) => void } = {}): Promise<ScenarioBenchResult> {
  const log = options.log ?? console.log;
  const d = await runScenario(loadScenario());
  const overheadShare = (d.wall.runMs - d.wall.cryptoMs) / d.wall.runMs;
  log(`default scenario: event loop ${(d.wall.runMs / 1000).toFixed(2)} s wall, MLS ${(d.wall.cryptoMs / 1000).toFixed(2)} s;` +
    ` simulation overhead ${(overheadShare * 100).toFixed(1)}% of the loop (target < 10%) ${overheadShare < 0.1 ? 'OK' : 'ABOVE TARGET'}`);
  const sizes = options.quick ? [[2, 10, 8], [4, 20, 16]] : [[2, 10, 8], [4, 20, 16], [8, 25, 32], [8, 40, 64]];
  const throughput = [];
  for (const [p, u, g] of sizes as [number, number, number][]) {
    const s = scaled(p, u, g);
    const r = await runScenario(s);
    const wallSeconds = r.wall.runMs / 1000;
    const row = { label: s.name, devices: p * u, messages: r.summary.messages, copies: r.summary.recipientsExpected, wallSeconds, messagesPerSecond: r.summary.messages / wallSeconds, copiesPerSecond: r.summary.recipientsExpected / wallSeconds };
    throughput.push(row);
    log(`${row.label.padEnd(22)} ${String(row.devices).padStart(5)} users ${String(row.messages).padStart(6)} msgs ${String(row.copies).padStart(7)} copies  ${row.messagesPerSecond.toFixed(1).padStart(8)} msgs/s  ${row.copiesPerSecond.toFixed(0).padStart(7)} decrypts/s`);
  }
  // The scaling table is minutes of work: full runs only.
  const scaling = options.quick === true ? [] : await runScalingTable({ log, federation10k: options.federation10k === true, x100: options.x100 === true });
  return { overheadShare, defaultRunMs: d.wall.runMs, throughput, scaling };
}

export interface ScalingRow {
  readonly label: string;
  readonly users: number;
  readonly conversations: number;
  readonly messages: number;
  readonly copies: number;
  readonly wallSeconds: number;
  /** CPU seconds of this process over the run (process.cpuUsage): on a shared machine, the comparable figure. */
  readonly cpuSeconds: number;
  /** CPU seconds of the main thread alone (Linux; else NaN): the event loop, without libuv's pool and GC helper threads. */
  readonly mainCpuSeconds: number;
  readonly cryptoSeconds: number;
  readonly otherSeconds: number;
  /**
   * Of the crypto clock, the main thread waiting for a copy's Ed25519 check still on libuv's pool when
   * the copy arrives (`unprotect-pool-wait`): MLS work running on the other core, counted as MLS (with
   * no pool the whole check would be on the main thread), shown apart because a loaded machine inflates it.
   */
  readonly poolWaitSeconds: number;
  readonly peakRssBytes: number;
  readonly eventsPerSecond: number;
}

/** The default scenario with every provider's users multiplied by `k`, conversations by `convs`. */
function scaledDefault(k: number, convs: number, name: string) {
  const d = loadScenario();
  return validateScenario({
    ...d,
    name,
    providers: d.providers.map((p) => ({ ...p, users: p.users * k })),
    workload: { ...d.workload, oneToOne: d.workload.oneToOne * convs, groups: { ...d.workload.groups, count: d.workload.groups.count * convs } },
  });
}

/**
 * Issue 14's scaling table, one run each, side by side: the default; the default under the Signal
 * protocol (issue 16); 10x its population with 10x its
 * conversations (same per-user workload); 64x the users with the same conversations (idle users); with
 * `x100`, 100x the population and conversations (7,000 users); and, with `federation10k`, the
 * 10,000-user preset. Peak RSS is the process's high-water mark so far. `main CPU s` is the main
 * thread's alone: receivers verify signatures on libuv's pool (sim/mls/tsMls/unprotect.ts), so with a
 * core to spare the wall time follows the main thread, not the process total.
 */
export async function runScalingTable(options: { log: (line: string) => void; federation10k: boolean; x100?: boolean }): Promise<ScalingRow[]> {
  const cases = [
    scaledDefault(1, 1, 'default'),
    validateScenario({ ...scaledDefault(1, 1, 'default-signal'), protocol: 'signal' }),
    scaledDefault(10, 10, 'default-x10'),
    scaledDefault(64, 1, 'default-x64-idle'),
  ];
  if (options.x100 === true) cases.push(scaledDefault(100, 100, 'default-x100'));
  if (options.federation10k) cases.push(loadScenario('federation-10k'));
  const rows: ScalingRow[] = [];
  options.log('| scenario | users | conversations | messages | copies | wall s | CPU s | main CPU s | crypto s | other s | other % | pool wait s | other % if the wait were not MLS | peak RSS MiB | events/s | wall per copy (x default) | CPU per copy (x default) | CPU (x default) | main CPU (x default) |');
  options.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of cases) {
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    const r = await runScenario(s);
    const cpu = process.cpuUsage(cpu0);
    const main1 = mainThreadCpuMs();
    const wallSeconds = r.wall.runMs / 1000;
    const row: ScalingRow = {
      label: s.name,
      users: s.providers.reduce((n, p) => n + p.users, 0),
      conversations: s.workload.oneToOne + s.workload.groups.count,
      messages: r.summary.messages,
      copies: r.summary.recipientsExpected,
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      mainCpuSeconds: main0 === undefined || main1 === undefined ? NaN : (main1 - main0) / 1000,
      cryptoSeconds: r.wall.cryptoMs / 1000,
      otherSeconds: (r.wall.runMs - r.wall.cryptoMs) / 1000,
      poolWaitSeconds: (r.wall.cryptoByOp['unprotect-pool-wait']?.totalMs ?? 0) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      eventsPerSecond: (r.events?.processed ?? 0) / wallSeconds,
    };
    rows.push(row);
    const perCopy = (x: ScalingRow) => x.wallSeconds / Math.max(1, x.copies);
    const cpuPerCopy = (x: ScalingRow) => x.cpuSeconds / Math.max(1, x.copies);
    const base = rows[0]!;
    options.log(
      `| ${row.label} | ${row.users} | ${row.conversations} | ${row.messages} | ${row.copies} | ${row.wallSeconds.toFixed(1)} | ${row.cpuSeconds.toFixed(1)} | ${row.mainCpuSeconds.toFixed(1)} | ${row.cryptoSeconds.toFixed(1)} | ${row.otherSeconds.toFixed(1)} |` +
        ` ${((100 * row.otherSeconds) / row.wallSeconds).toFixed(1)} | ${row.poolWaitSeconds.toFixed(2)} | ${((100 * (row.otherSeconds + row.poolWaitSeconds)) / row.wallSeconds).toFixed(1)} | ${(row.peakRssBytes / 2 ** 20).toFixed(0)} | ${row.eventsPerSecond.toFixed(0)} | ${(perCopy(row) / perCopy(base)).toFixed(2)} |` +
        ` ${(cpuPerCopy(row) / cpuPerCopy(base)).toFixed(2)} | ${(row.cpuSeconds / base.cpuSeconds).toFixed(2)} | ${(row.mainCpuSeconds / base.mainCpuSeconds).toFixed(2)} |`,
    );
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runScenarioBench({ quick: process.argv.includes('--quick'), federation10k: !process.argv.includes('--quick'), x100: process.argv.includes('--x100') });
}
