import { loadScenario, validateScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
const arg = process.argv[2] ?? '1';
let s;
if (/^\d+$/.test(arg)) {
  const k = Number(arg), c = Number(process.argv[3] ?? 1);
  const d = loadScenario();
  s = validateScenario({ ...d, name: 'x', providers: d.providers.map((p) => ({ ...p, users: p.users * k })), workload: { ...d.workload, oneToOne: d.workload.oneToOne * c, groups: { ...d.workload.groups, count: d.workload.groups.count * c } } });
} else s = loadScenario(arg);
const c0 = process.cpuUsage();
const r = await runScenario(s);
const cc = process.cpuUsage(c0);
console.log(JSON.stringify({ arg, cpu: +((cc.user + cc.system) / 1e6).toFixed(1), digest: r.digest.slice(0, 16), runS: +(r.wall.runMs / 1000).toFixed(1), cryptoS: +(r.wall.cryptoMs / 1000).toFixed(1), otherPct: +(100 * (r.wall.runMs - r.wall.cryptoMs) / r.wall.runMs).toFixed(1), rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) }));
