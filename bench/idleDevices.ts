// What an idle device costs outside the crypto clock (issue 14): the default scenario with k times its
// users and c times its conversations (64 0: 4,480 users, no conversations, every device only starts
// up), run in one process several times. For each run: process CPU during `sim.run`, the CPU spent
// while the clock had a span open (read at the outermost span's edges), and what is left per device;
// and the run's `other %` (wall outside the clock, as `interop-sim bench` reports it). Runs alternate
// between start-ups made ahead (sim/actors/conversation/mls/startAhead.ts, the default batch) and made
// in place (batch 0), so both are measured side by side on the same machine state; the first pair
// warms up and is left out of the medians. Process CPU counts every thread: with conversations, the
// pool's signature checks land on either side, so read the start-up-only world's numbers.
//   node --import tsx bench/idleDevices.ts [k=64] [c=0] [pairs=4]
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import { CryptoClock } from '../sim/actors/cryptoClock.ts';
import { DEFAULT_START_AHEAD } from '../sim/actors/conversation/mls/startAhead.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import { countArg } from './cpuTime.ts';

const k = countArg('k', process.argv[2], 64, 1);
const c = countArg('c', process.argv[3], 0, 0);
const pairs = countArg('pairs', process.argv[4], 4, 1);
const base = loadScenario();
const scenario = validateScenario({
  ...base,
  name: `default-x${k}-users-x${c}-conversations`,
  providers: base.providers.map((p) => ({ ...p, users: p.users * k })),
  workload: { ...base.workload, oneToOne: base.workload.oneToOne * c, groups: { ...base.workload.groups, count: base.workload.groups.count * c } },
});

// CPU while a span is open, read where the outermost span opens and closes (the clock's own edges).
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const proto = CryptoClock.prototype as unknown as { enter(): number; leave(): number };
const { enter, leave } = proto;
let open = 0, openedAt = 0, inSpans = 0;
proto.enter = function (this: CryptoClock) {
  if (open++ === 0) openedAt = cpu();
  return enter.call(this);
};
proto.leave = function (this: CryptoClock) {
  const r = leave.call(this);
  if (--open === 0) inSpans += cpu() - openedAt;
  return r;
};

interface Measure {
  readonly usPerDevice: number;
  readonly otherPct: number;
}
const ahead = DEFAULT_START_AHEAD;
const measures = new Map<number, Measure[]>([[0, []], [ahead, []]]);
for (let i = 0; i < 2 * pairs; i++) {
  const batch = i % 2 === 0 ? 0 : ahead;
  let runCpu = 0, devices = 0, dropped = 0;
  const r = await runScenario(scenario, {
    startAheadBatch: batch,
    onWorldReady: (ctx) => {
      devices = ctx.devices.size;
      const { stats } = ctx;
      const sim = ctx.world.sim;
      const run = sim.run.bind(sim);
      sim.run = async (limits) => {
        inSpans = 0;
        const c0 = cpu();
        const out = await run(limits);
        runCpu = cpu() - c0;
        dropped = stats.startAheadDropped;
        return out;
      };
    },
  });
  const m = { usPerDevice: (runCpu - inSpans) / devices, otherPct: (100 * (r.wall.runMs - r.wall.cryptoMs)) / r.wall.runMs };
  if (i >= 2) measures.get(batch)!.push(m);
  console.log(`${batch === 0 ? 'in place' : `ahead (${batch})`}: ${devices} devices, digest ${r.digest.slice(0, 16)}, run CPU ${(runCpu / 1e6).toFixed(2)} s, in spans ${(inSpans / 1e6).toFixed(2)} s, outside ${m.usPerDevice.toFixed(1)} us/device, other ${m.otherPct.toFixed(1)}%, suites made ahead and dropped ${dropped}${i < 2 ? ' (warm-up)' : ''}`);
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
for (const [batch, ms] of measures) {
  console.log(`${batch === 0 ? 'in place' : `ahead (${batch})`}, median of ${ms.length}: outside ${median(ms.map((m) => m.usPerDevice)).toFixed(1)} us/device (min ${Math.min(...ms.map((m) => m.usPerDevice)).toFixed(1)}), other ${median(ms.map((m) => m.otherPct)).toFixed(1)}%`);
}
