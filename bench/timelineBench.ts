// The population level at scale: 1,000,000 sampled agents (one per user) over 5 years of monthly
// periods on the dma-art7-meta baseline, against 100,000 agents in the same process, in CPU time
// (process.cpuUsage; the machine is shared). Prints seconds, agent-months per CPU second and the ratio.
//   npm run bench:timeline
import { loadTimeline } from '../sim/timeline/loadTimeline.ts';
import { runPopulation } from '../sim/timeline/runPopulation.ts';

const t = loadTimeline('dma-art7-meta');
const v = t.variants[0]!;
const sizes = process.argv.includes('--quick') ? [20_000, 100_000] : [100_000, 1_000_000];
const rows: { agents: number; cpuS: number; wallS: number; pairs: number }[] = [];
for (const agents of sizes) {
  const c0 = process.cpuUsage();
  const w0 = performance.now(); // wall-clock ok: benchmark
  const r = runPopulation(t, v, { seed: '1', agents });
  const wallS = (performance.now() - w0) / 1000; // wall-clock ok
  const c = process.cpuUsage(c0);
  rows.push({ agents, cpuS: (c.user + c.system) / 1e6, wallS, pairs: r.contactPairs });
  console.log(`${agents.toLocaleString('en').padStart(10)} agents x ${r.months.length} months: ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, ${wallS.toFixed(1)} s wall, ${r.contactPairs.toLocaleString('en')} contact pairs, ${((agents * r.months.length) / ((c.user + c.system) / 1e6) / 1e6).toFixed(2)} M agent-months per CPU second`);
}
const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
console.log(`ratio: ${(b.agents / a.agents).toFixed(0)}x the agents cost ${(b.cpuS / a.cpuS).toFixed(1)}x the CPU time; ${b.agents.toLocaleString('en')} agents x 5 years ${b.cpuS < 60 ? 'under' : 'OVER'} a minute of CPU`);
