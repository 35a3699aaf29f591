// The simulation's own cost beside MLS: for the default scenario, the share of the event loop's wall
// time spent outside MLS operations (kernel, network, trace, ledger, metrics); and whole-scenario
// throughput (simulated messages per wall second) as users, providers and group sizes grow.
//   node --import tsx bench/scenarioBench.ts [--quick]
import { pathToFileURL } from 'node:url';
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';

export interface ScenarioBenchResult {
  readonly overheadShare: number;
  readonly defaultRunMs: number;
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

export async function runScenarioBench(options: { quick?: boolean; log?: (line: string) => void } = {}): Promise<ScenarioBenchResult> {
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
  return { overheadShare, defaultRunMs: d.wall.runMs, throughput };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runScenarioBench({ quick: process.argv.includes('--quick') });
