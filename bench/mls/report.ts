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
  readonly minMs: number;
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
  /** perN: ms is the copath-filled floor (ceil(log2 N) HPKE + 1 signature), sparseMs the sparse one (N-1 HPKE + 1 signature). */
  readonly floor: Floor & { readonly perN: readonly { readonly n: number; readonly ms: number; readonly sparseMs: number }[] };
  readonly results: readonly OpResult[];
  readonly memory: readonly MemoryResult[];
}

const fmt = (ms: number | undefined) => (ms === undefined ? '' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? '' : `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}x`);

export function formatTable(report: MlsBenchReport): string {
  const head = ['suite', 'operation', 'N', 'stock ms', 'native ms', 'stock/native', 'floor ms', 'native/floor', 'stock/floor'];
  const rows: string[][] = [];
  const floorAt = new Map(report.floor.perN.map((f) => [f.n, f.ms]));
  const sparseFloorAt = new Map(report.floor.perN.map((f) => [f.n, f.sparseMs]));
  const find = (suite: number, op: Op, n: number, p: Provider) => report.results.find((r) => r.suite === suite && r.op === op && r.n === n && r.provider === p)?.meanMs;
  for (const s of report.suites) {
    for (const op of OPS) {
      const ns = [...new Set(report.results.filter((r) => r.suite === s.id && r.op === op).map((r) => r.n))].sort((a, b) => a - b);
      for (const n of ns) {
        const st = find(s.id, op, n, 'stock');
        const na = find(s.id, op, n, 'native');
        const fl = op === 'key-package' ? undefined : op === 'commit (sparse)' ? sparseFloorAt.get(n) : floorAt.get(n);
        rows.push([String(s.id), op, op === 'key-package' ? '-' : String(n), fmt(st), fmt(na), ratio(st, na), fmt(fl), ratio(na, fl), ratio(st, fl)]);
      }
    }
  }
  const mem = report.memory.map((m) => [String(m.suite), 'state size', String(m.n), `${(m.stateBytes / 1024).toFixed(1)} KiB serialized`, m.heapBytes === undefined ? '' : `${(m.heapBytes / 1024).toFixed(0)} KiB heap`]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const p = report.floor.primitives;
  return [
    `floor (node:crypto, this run): X25519 keygen ${fmt(p.x25519Keygen)} ms, DH ${fmt(p.x25519Dh)} ms, HKDF ${fmt(p.hkdf)} ms, AES-GCM ${fmt(p.aesGcm)} ms, Ed25519 sign ${fmt(p.ed25519Sign)} ms; one HPKE encryption ${fmt(report.floor.hpkeMs)} ms`,
    'floor ms: ceil(log2 N) HPKE encryptions + 1 signature; for commit (sparse), N-1 HPKE encryptions + 1 signature',
    line(head),
    ...rows.map(line),
    '',
    ...mem.map((r) => r.join('  ')),
  ].join('\n');
}
