// What one run of the MLS benchmark measured, and its console table.
import type { Floor } from './floor.ts';

export type Provider = 'native' | 'stock';

export const OPS = [
  'key-package',
  'create+add N-1',
  'join',
  'commit (sparse)',
  'process (sparse)',
  'commit (filled)',
  'process (filled)',
  'encrypt 100 B',
  'decrypt 100 B',
] as const;
export type Op = (typeof OPS)[number];

export interface OpResult {
  readonly suite: number;
  readonly op: Op;
  readonly n: number;
  readonly provider: Provider;
  readonly meanMs: number;
  /** The median wall time: what the table shows (a loaded machine's outliers move the mean). */
  readonly medianMs: number;
  readonly minMs: number;
  /** Median CPU time of one call, all threads of the process (process.cpuUsage). */
  readonly cpuMs: number;
  readonly samples: number;
}

export interface MemoryResult {
  readonly suite: number;
  readonly n: number;
  /** The receiver's whole ts-mls ClientState, serialized (encodeGroupState). */
  readonly stateBytes: number;
  /** Heap retained by one joined state (needs --expose-gc; undefined otherwise). */
  readonly heapBytes: number | undefined;
}

export interface MlsBenchReport {
  readonly meta: { readonly node: string; readonly cpus: number; readonly quick: boolean; readonly date: string; readonly seconds: number };
  readonly suites: readonly { readonly id: number; readonly name: string }[];
  /** perN: ms is the copath-filled floor, sparseMs the sparse one (floor.ts lists what they count). */
  readonly floor: Floor & { readonly perN: readonly { readonly n: number; readonly ms: number; readonly sparseMs: number }[] };
  readonly results: readonly OpResult[];
  readonly memory: readonly MemoryResult[];
}

const fmt = (ms: number | undefined) => (ms === undefined ? '' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a: number | undefined, b: number | undefined) => {
  if (a === undefined || b === undefined || b === 0) return '';
  const x = a / b;
  return `${x.toFixed(x >= 10 ? 0 : x >= 1 ? 1 : x >= 0.1 ? 2 : 3)}x`;
};

export function formatTable(report: MlsBenchReport): string {
  const head = ['suite', 'operation', 'N', 'stock ms', 'native ms', 'native/stock', 'stock cpu', 'native cpu', 'native/stock cpu', 'floor ms', 'native/floor', 'cpu/floor'];
  const rows: string[][] = [];
  const floorAt = new Map(report.floor.perN.map((f) => [f.n, f.ms]));
  const sparseFloorAt = new Map(report.floor.perN.map((f) => [f.n, f.sparseMs]));
  const find = (suite: number, op: Op, n: number, p: Provider) => report.results.find((r) => r.suite === suite && r.op === op && r.n === n && r.provider === p);
  for (const s of report.suites) {
    for (const op of OPS) {
      const ns = [...new Set(report.results.filter((r) => r.suite === s.id && r.op === op).map((r) => r.n))].sort((a, b) => a - b);
      for (const n of ns) {
        const st = find(s.id, op, n, 'stock');
        const na = find(s.id, op, n, 'native');
        // The floor is a path-update commit's; only the commit rows are compared with it.
        const fl = op === 'commit (sparse)' ? sparseFloorAt.get(n) : op === 'commit (filled)' ? floorAt.get(n) : undefined;
        rows.push([
          String(s.id),
          op,
          op === 'key-package' ? '-' : String(n),
          fmt(st?.medianMs),
          fmt(na?.medianMs),
          ratio(na?.medianMs, st?.medianMs),
          fmt(st?.cpuMs),
          fmt(na?.cpuMs),
          ratio(na?.cpuMs, st?.cpuMs),
          fmt(fl),
          ratio(na?.medianMs, fl),
          ratio(na?.cpuMs, fl),
        ]);
      }
    }
  }
  const mem = report.memory.map((m) => [String(m.suite), 'state size', String(m.n), `${(m.stateBytes / 1024).toFixed(1)} KiB serialized`, m.heapBytes === undefined ? '' : `${(m.heapBytes / 1024).toFixed(0)} KiB heap`]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const p = report.floor.primitives;
  return [
    `floor (node:crypto, this run): X25519 keygen ${fmt(p.x25519Keygen)} ms, DH ${fmt(p.x25519Dh)} ms, HKDF ${fmt(p.hkdf)} ms, AES-GCM ${fmt(p.aesGcm)} ms, Ed25519 sign ${fmt(p.ed25519Sign)} ms; one HPKE encryption ${fmt(report.floor.hpkeMs)} ms, one path node's key pair ${fmt(report.floor.pathNodeMs)} ms`,
    'floor ms: a path-update commit: per path node (ceil(log2 N)) its key pair and secrets and one HPKE encryption (commit (sparse): N-1 in all), the leaf key pair, 2 signatures, the key schedule',
    'ms: median wall time of one call; cpu: median CPU ms of one call, all threads (the leaf signature checks of a join and an add run on the thread pool)',
    line(head),
    ...rows.map(line),
    '',
    ...mem.map((r) => r.join('  ')),
  ].join('\n');
}

/** Issue 14's targets at N=512 on suite 1, when this run measured them: ratios to the stock provider, and the floor. */
export const TARGETS: readonly { readonly op: Op; readonly max: number; readonly vs: 'stock' | 'floor' }[] = [
  { op: 'create+add N-1', max: 0.3, vs: 'stock' },
  { op: 'join', max: 0.15, vs: 'stock' },
  { op: 'process (sparse)', max: 0.04, vs: 'stock' },
  { op: 'commit (filled)', max: 5, vs: 'floor' },
];

export function formatTargets(report: MlsBenchReport, n = 512, suite = 1): string[] {
  const find = (op: Op, p: Provider) => report.results.find((r) => r.suite === suite && r.op === op && r.n === n && r.provider === p);
  const floor = report.floor.perN.find((f) => f.n === n)?.ms;
  const out: string[] = [];
  for (const t of TARGETS) {
    const na = find(t.op, 'native');
    const base = t.vs === 'floor' ? floor : find(t.op, 'stock')?.medianMs;
    const baseCpu = t.vs === 'floor' ? floor : find(t.op, 'stock')?.cpuMs;
    if (na === undefined || base === undefined || baseCpu === undefined) continue;
    const wall = na.medianMs / base;
    const cpu = na.cpuMs / baseCpu;
    const verdict = (x: number) => (x <= t.max ? 'met' : 'missed');
    const f = (x: number) => (t.vs === 'floor' ? `${x.toFixed(1)}x` : `${x.toFixed(3)}x`);
    out.push(`target ${t.op} N=${n}: native/${t.vs} ${f(wall)} wall (${verdict(wall)}), ${f(cpu)} cpu (${verdict(cpu)}); target <= ${t.max}x`);
  }
  if (out.length === 0) return ['', `issue 14 targets are measured at N=${n} on suite ${suite}: not in this run (the full bench, without --quick, has them)`];
  return ['', `issue 14 targets (suite ${suite}, N=${n}, this run):`, ...out];
}
