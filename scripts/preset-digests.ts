// Prints every preset's trace digest over a shortened run (JSON, one entry per preset x architecture):
// refactors of the runner must leave these unchanged. `node --import tsx scripts/preset-digests.ts [seconds] [all] [signal] [--skip=a,b]`
// (`signal` runs every preset under `protocol: signal` instead of its own protocol; `--skip` leaves
// out the named presets, e.g. `--skip=federation-10k`, whose six short runs take most of the time).
import { readdirSync } from 'node:fs';
import { loadScenario, PRESET_DIR } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import { ARCHITECTURE_NAMES, type ArchitectureName } from '../sim/interop/architecture.ts';

const seconds = Number(process.argv[2] ?? 10);
const all = process.argv[3] === 'all';
const protocol = process.argv[4] === 'signal' ? { protocol: 'signal' as const } : {};
const skip = new Set(process.argv.find((a) => a.startsWith('--skip='))?.slice('--skip='.length).split(',') ?? []);
const out: Record<string, string> = {};
for (const f of readdirSync(PRESET_DIR).sort()) {
  const name = f.replace(/\.(ya?ml|json)$/, '');
  if (skip.has(name)) continue;
  const s = loadScenario(name);
  const short = { ...s, durationSeconds: Math.min(s.durationSeconds, seconds), drainSeconds: Math.min(s.drainSeconds, seconds), ...protocol };
  for (const architecture of all ? ARCHITECTURE_NAMES : [s.architecture as ArchitectureName]) {
    // A preset the protocol cannot run (e.g. MLS-only attackers under signal) is listed as rejected.
    const digest = await runScenario(short, { architecture }).then((r) => r.digest, (e: Error) => `rejected: ${e.message.split('\n')[1]?.trim() ?? e.message}`);
    out[`${s.name}/${architecture}`] = digest;
    console.error(`${s.name}/${architecture} ${digest}`);
  }
}
console.log(JSON.stringify(out, null, 2));
