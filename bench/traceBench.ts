// The trace's cost per record, old way and new way side by side in one process on the same records:
// the records of a real run (the default scenario, scaled by k users and convs conversations, or any
// scenario), kept as the emitters built them, then written again and again by
//   general: canonicalJson (the shape trie and per-shape writers) + the line's UTF-8 written into a
//            64 KiB batch + SHA-256 (what Trace.emit did before the per-type writers)
//   typed:   Trace.emit (the writer chosen by the record's type, bytes straight into the batch) + SHA-256
// alternating, CPU time (process.cpuUsage), first rounds discarded as warm-up. Both digests must match.
//   node --import tsx bench/traceBench.ts [k] [convs] [--scenario file-or-preset] [--rounds n]
// With --against DIR (another tree, e.g. a `git archive` of main with node_modules linked): the
// bookkeeping of the copies (trace, ledger, wire stats, per-pair collector) replayed from the run's
// records through that tree and this checkout, alternating, CPU time; both must measure the same.
// --records FILE reads the records from a trace.jsonl instead of running the scenario.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

/** A tree's trace module (this checkout, or another tree given by `--against`, e.g. a `git archive` of main). */
type TraceModule = typeof import('../sim/trace/index.ts') & typeof import('../sim/trace/perPair/index.ts');

/**
 * The bookkeeping of a run's copies, replayed from its records through one tree's trace, ledger and
 * listeners as a run drives them: each `send` through `Ledger.send`, each `deliver` through
 * `isPending`, `Ledger.deliver` and the per-pair collector's `rendered`, drops and rejects through the
 * ledger, the network's hop records built afresh as the network builds them, every other record
 * emitted as it is; the trace's wire stats and per-pair collector subscribed as `buildWorld` does.
 * Returns the digest and everything the bookkeeping measured, as one string to compare across trees.
 */
export function replayBookkeeping(t: TraceModule, records: readonly TraceRecord[], write = true): string {
  // Without `write`: a stand-in trace that only hands each record to the listeners (the ledger's and listeners' own cost).
  const listeners: ((r: TraceRecord) => void)[] = [];
  const trace = write
    ? new t.Trace()
    : ({ emit: (r: TraceRecord) => { for (let i = 0; i < listeners.length; i++) listeners[i]!(r); }, subscribe: (l: (r: TraceRecord) => void) => void listeners.push(l), digest: () => '' } as unknown as InstanceType<TraceModule['Trace']>);
  const wire = new t.WireStats();
  trace.subscribe(wire.listener);
  const parties = new Map<string, { person: string; home: string }>();
  const party = (d: string) => {
    let p = parties.get(d);
    if (p === undefined) {
      const parts = d.split('/');
      if (parts.length < 3) return undefined; // a server: infrastructure
      parties.set(d, (p = { person: `${parts[0]}/${parts[1]}`, home: parts[0]! }));
    }
    return p;
  };
  const pairs = new t.PairCollector({ party });
  trace.subscribe(pairs.listener);
  const ledger = new t.Ledger(trace);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    switch (r.type) {
      case 'send':
        ledger.send(r.msg, r.from, r.to, r.t, r.kind, r.bytes);
        break;
      case 'deliver':
        if (ledger.isPending(r.msg, r.to)) {
          ledger.deliver(r.msg, r.to, r.t);
          pairs.rendered(r.to, r.msg, 1, false);
        }
        break;
      case 'drop':
        ledger.drop(r.msg, r.to, r.t, r.reason);
        break;
      case 'reject':
        ledger.reject(r.msg, r.to, r.t, r.by, r.reason);
        break;
      case 'hop-enqueue':
        trace.emit(
          r.msg !== undefined
            ? { type: 'hop-enqueue', t: r.t, env: r.env, msg: r.msg, kind: r.kind, from: r.from, node: r.node, bytes: r.bytes, payload: r.payload }
            : { type: 'hop-enqueue', t: r.t, env: r.env, kind: r.kind, from: r.from, node: r.node, bytes: r.bytes, payload: r.payload },
        );
        break;
      case 'hop-dequeue':
        trace.emit({ type: 'hop-dequeue', t: r.t, env: r.env, node: r.node });
        break;
      default:
        trace.emit(r);
    }
  }
  const report = pairs.report({ defaultArrangement: 'federated', defaultProtocol: 'mls' }, [], { forgersOf: () => 0, accountsOf: () => 1 });
  return JSON.stringify([trace.digest(), ledger.totals(), ledger.deliveryLatencies().length, [...wire.bytesByKind], [...wire.hopsByKind], report]);
}

/** A run's records read back from its trace.jsonl, every string interned (a run's ids are shared objects, not one per record). */
export function readRecords(file: string): TraceRecord[] {
  const seen = new Map<string, string>();
  const intern = (_k: string, v: unknown) => {
    if (typeof v !== 'string') return v;
    const s = seen.get(v);
    if (s !== undefined) return s;
    seen.set(v, v);
    return v;
  };
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l, intern) as TraceRecord);
}

/** The bookkeeping replayed through two trees alternating (ABBA), CPU ns per record each; both must measure the same. */
export async function benchBookkeeping(records: readonly TraceRecord[], againstDir: string, rounds: number, write = true): Promise<{ base: number; mine: number; same: boolean }> {
  const load = async (dir: string): Promise<TraceModule> => ({
    ...(await import(pathToFileURL(resolve(dir, 'sim/trace/index.ts')).href)),
    ...(await import(pathToFileURL(resolve(dir, 'sim/trace/perPair/index.ts')).href)),
  });
  const base = await load(againstDir);
  const mine = await load(resolve(import.meta.dirname, '..'));
  const same = replayBookkeeping(base, records) === replayBookkeeping(mine, records) && replayBookkeeping(base, records, false) === replayBookkeeping(mine, records, false);
  const cpu = [0, 0];
  const trees = [base, mine];
  const warmup = 2;
  for (let r = 0; r < rounds + warmup; r++)
    for (let j = 0; j < 2; j++) {
      const i = r % 2 === 0 ? j : 1 - j;
      const us = cpuUs(() => replayBookkeeping(trees[i]!, records, write));
      if (r >= warmup) cpu[i]! += us;
    }
  const per = (us: number) => (us * 1000) / rounds / records.length;
  return { base: per(cpu[0]!), mine: per(cpu[1]!), same };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const scenario = flag('--scenario');
  const against = flag('--against');
  const recordsFile = flag('--records');
  const rounds = countArg('--rounds', flag('--rounds'), 12, 1);
  const [k = 1, convs = 1] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map(Number);
  const fail = (message: string): never => {
    console.error(`error: ${message}`);
    process.exit(2);
  };
  if (against !== undefined && !existsSync(resolve(against, 'sim/trace/index.ts'))) fail(`--against: ${against} holds no sim/trace/index.ts (a tree to compare with, e.g. a git archive of main)`);
  let records: TraceRecord[];
  if (recordsFile !== undefined) {
    try {
      records = readRecords(recordsFile);
    } catch (e) {
      records = fail(`--records: ${recordsFile}: ${(e as Error).message.split('\n')[0]}`);
    }
  } else records = await recordsOf(k, convs, scenario);
  if (against !== undefined) {
    // The bookkeeping of the copies (trace, ledger, wire stats, per-pair collector), the other tree against this one.
    const b = await benchBookkeeping(records, against, rounds);
    const l = await benchBookkeeping(records, against, rounds, false);
    console.log(`${recordsFile ?? scenario ?? `default x${k} users, x${convs} conversations`}: ${records.length} records replayed through the trace, ledger and listeners; same measures: ${b.same}`);
    console.log(`  whole (lines, digest, ledger, listeners): ${against}: ${b.base.toFixed(0)} CPU ns/record; this checkout: ${b.mine.toFixed(0)} (x${(b.mine / b.base).toFixed(3)}; ${rounds} rounds each, alternating)`);
    console.log(`  ledger and listeners alone (no lines):   ${against}: ${l.base.toFixed(0)} CPU ns/record; this checkout: ${l.mine.toFixed(0)} (x${(l.mine / l.base).toFixed(3)})`);
    process.exit(b.same ? 0 : 1);
  }
  const r = benchRecords(records, rounds);
  console.log(`${scenario ?? `default x${k} users, x${convs} conversations`}: ${r.records} records (${Object.entries(r.byType).sort((x, y) => y[1] - x[1]).map(([t, n]) => `${t} ${n}`).join(', ')})`);
  console.log(`  general (canonicalJson + UTF-8 write + SHA-256): ${r.generalNs.toFixed(0)} CPU ns/record`);
  console.log(`  typed (Trace.emit: per-type writer into the batch + SHA-256): ${r.typedNs.toFixed(0)} CPU ns/record`);
  console.log(`  typed / general: ${r.ratio.toFixed(3)} (CPU time, ${rounds} rounds each, alternating, same records, same digest)`);
}
