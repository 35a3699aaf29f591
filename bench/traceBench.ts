// The trace's cost per record, old way and new way side by side in one process on the same records:
// the records of a real run (the default scenario, scaled by k users and convs conversations, or any
// scenario), kept as the emitters built them, then written again and again by
//   general: canonicalJson (the shape trie and per-shape writers) + the line's UTF-8 written into a
//            64 KiB batch + SHA-256 (what Trace.emit did before the per-type writers)
//   typed:   Trace.emit (the writer chosen by the record's type, bytes straight into the batch) + SHA-256
// alternating, CPU time (process.cpuUsage), first rounds discarded as warm-up. Both digests must match.
//   node --import tsx bench/traceBench.ts [k] [convs] [--scenario file-or-preset] [--rounds n]
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { loadScenario, validateScenario } from '../scenarios/index.ts';
import { runScenario } from '../sim/runner/runScenario.ts';
import { Trace, canonicalJson, type TraceRecord } from '../sim/trace/index.ts';
import { countArg } from './cpuTime.ts';

export interface TraceBenchResult {
  readonly records: number;
  readonly byType: Readonly<Record<string, number>>;
  /** CPU nanoseconds per record, each way. */
  readonly generalNs: number;
  readonly typedNs: number;
  /** typed / general, CPU time. */
  readonly ratio: number;
}

/** The records of one run, in order, as the emitters built them. */
export async function recordsOf(k: number, convs: number, scenario?: string): Promise<TraceRecord[]> {
  const d = loadScenario(scenario);
  const s = scenario !== undefined ? d : validateScenario({
    ...d,
    name: `default-x${k}-c${convs}`,
    providers: d.providers.map((p) => ({ ...p, users: p.users * k })),
    workload: { ...d.workload, oneToOne: d.workload.oneToOne * convs, groups: { ...d.workload.groups, count: d.workload.groups.count * convs } },
  });
  const records: TraceRecord[] = [];
  await runScenario(s, { onWorldReady: (ctx) => ctx.world.trace.subscribe((r) => void records.push(r)) });
  return records;
}

/** The way Trace.emit wrote records before: canonicalJson, the line's UTF-8 into a 64 KiB batch, SHA-256 per batch. */
function generalDigest(records: readonly TraceRecord[]): string {
  const hash = createHash('sha256');
  const batch = Buffer.allocUnsafe(1 << 16);
  let used = 0;
  for (let i = 0; i < records.length; i++) {
    const line = canonicalJson(records[i]);
    const worst = line.length * 3 + 1;
    if (used + worst > batch.length) (hash.update(batch.subarray(0, used)), (used = 0));
    if (worst > batch.length) hash.update(line + '\n');
    else (used += batch.write(line, used, 'utf8')), (batch[used++] = 0x0a);
  }
  hash.update(batch.subarray(0, used));
  return hash.digest('hex');
}

function typedDigest(records: readonly TraceRecord[]): string {
  const trace = new Trace();
  for (let i = 0; i < records.length; i++) trace.emit(records[i]!);
  return trace.digest();
}

const cpuUs = (f: () => unknown): number => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return d.user + d.system;
};

export function benchRecords(records: readonly TraceRecord[], rounds = 12): TraceBenchResult {
  const a = generalDigest(records);
  const b = typedDigest(records);
  if (a !== b) throw new Error(`trace bench: the two ways disagree (${a} vs ${b})`);
  let general = 0;
  let typed = 0;
  const warmup = 3;
  for (let r = 0; r < rounds + warmup; r++) {
    // Alternate which goes first, so a change in load hits both alike.
    let g: number;
    let t: number;
    if (r % 2 === 0) (g = cpuUs(() => generalDigest(records))), (t = cpuUs(() => typedDigest(records)));
    else (t = cpuUs(() => typedDigest(records))), (g = cpuUs(() => generalDigest(records)));
    if (r >= warmup) (general += g), (typed += t);
  }
  const byType: Record<string, number> = {};
  for (const r of records) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const per = (us: number) => (us * 1000) / rounds / records.length;
  return { records: records.length, byType, generalNs: per(general), typedNs: per(typed), ratio: typed / general };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const scenario = flag('--scenario');
  const rounds = countArg('--rounds', flag('--rounds'), 12, 1);
  const [k = 1, convs = 1] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map(Number);
  const records = await recordsOf(k, convs, scenario);
  const r = benchRecords(records, rounds);
  console.log(`${scenario ?? `default x${k} users, x${convs} conversations`}: ${r.records} records (${Object.entries(r.byType).sort((x, y) => y[1] - x[1]).map(([t, n]) => `${t} ${n}`).join(', ')})`);
  console.log(`  general (canonicalJson + UTF-8 write + SHA-256): ${r.generalNs.toFixed(0)} CPU ns/record`);
  console.log(`  typed (Trace.emit: per-type writer into the batch + SHA-256): ${r.typedNs.toFixed(0)} CPU ns/record`);
  console.log(`  typed / general: ${r.ratio.toFixed(3)} (CPU time, ${rounds} rounds each, alternating, same records, same digest)`);
}
