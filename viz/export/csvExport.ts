import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecord } from '../../sim/trace/records.ts';

/** The tables `export --format csv` writes, one file each, with their columns. Times are virtual microseconds. */
export const CSV_TABLES = {
  messages: ['msg', 'sender', 'sent_us', 'kind', 'bytes', 'recipients'],
  copies: ['msg', 'recipient', 'outcome', 't_us', 'latency_us', 'reason', 'by'],
  hops: ['env', 'msg', 'kind', 'from', 'to', 'arrived_us', 'left_us', 'bytes', 'lost'],
  exposures: ['msg', 'by', 'as', 't_us'],
  skipped: ['conversation', 't_us', 'reason', 'by'],
} as const;
export type CsvTable = keyof typeof CSV_TABLES;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export const csvField = (v: string | number | undefined): string => {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Buffered append to one file, so a million-row table costs a few writes, not a million. */
class CsvFile {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  rows = 0;
  /** Written beside its final name until the whole trace has been read: a bad line leaves nothing behind. */
  constructor(readonly path: string, header: readonly string[]) {
    this.fd = openSync(`${path}.partial`, 'w');
    this.line(header);
    this.rows = 0;
  }
  line(cells: readonly (string | number | undefined)[]): void {
    const l = cells.map(csvField).join(',') + '\n';
    this.buf.push(l);
    this.size += l.length;
    this.rows++;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close(keep: boolean): void {
    try {
      if (keep) this.flush();
    } finally {
      closeSync(this.fd);
    }
    if (keep) renameSync(`${this.path}.partial`, this.path);
    else unlinkSync(`${this.path}.partial`);
  }
}

/**
 * Tidy tables for pandas and R, streamed as the trace is read: one row per application message, per
 * recipient copy with its outcome, per hop (an envelope crossing a link, or lost on it) and per
 * decryption by a party that is not an intended endpoint. Memory holds only open hops.
 */
export async function writeCsvTables(records: AsyncIterable<TraceRecord>, outDir: string): Promise<Record<CsvTable, { file: string; rows: number }>> {
  const created = !existsSync(outDir);
  mkdirSync(outDir, { recursive: true });
  const files = Object.fromEntries(Object.entries(CSV_TABLES).map(([name, cols]) => [name, new CsvFile(join(outDir, `${name}.csv`), cols)])) as Record<CsvTable, CsvFile>;
  // A hop's row waits for the envelope to leave the node (hop-dequeue), or for the next hop or the end.
  const open = new Map<string, { cells: (string | number | undefined)[]; node: string }>();
  const emitHop = (env: string, left?: number) => {
    const h = open.get(env);
    if (h === undefined) return;
    h.cells[6] = left;
    files.hops.line(h.cells);
    open.delete(env);
  };
  let ok = false;
  try {
    for await (const r of records) {
      switch (r.type) {
        case 'send':
          files.messages.line([r.msg, r.from, r.t, r.kind, r.bytes, r.to.length]);
          break;
        case 'deliver':
          files.copies.line([r.msg, r.to, 'delivered', r.t, r.latency, undefined, undefined]);
          break;
        case 'drop':
          files.copies.line([r.msg, r.to, 'dropped', r.t, undefined, r.reason, undefined]);
          break;
        case 'reject':
          files.copies.line([r.msg, r.to, 'rejected', r.t, undefined, r.reason, r.by]);
          break;
        case 'hop-enqueue':
          emitHop(r.env);
          open.set(r.env, { node: r.node, cells: [r.env, r.msg, r.kind, r.from, r.node, r.t, undefined, r.bytes, undefined] });
          break;
        case 'hop-dequeue':
          if (open.get(r.env)?.node === r.node) emitHop(r.env, r.t);
          break;
        case 'wire-drop':
          emitHop(r.env);
          files.hops.line([r.env, r.msg, r.kind, r.from, r.node, r.t, undefined, undefined, r.reason]);
          break;
        case 'expose':
          files.exposures.line([r.msg, r.by, r.as, r.t]);
          break;
        case 'plaintext-observed':
          files.exposures.line([r.msg, r.by, 'bridge', r.t]);
          break;
        case 'skip':
          files.skipped.line([r.conversation, r.t, r.reason, r.by]);
          break;
        case 'decrypt':
        case 'mls':
        case 'verify':
        case 'note':
          break;
        default: {
          const never: never = r;
          throw new Error(`unhandled record ${JSON.stringify(never)}`);
        }
      }
    }
    for (const env of [...open.keys()]) emitHop(env);
    ok = true;
  } finally {
    for (const f of Object.values(files)) f.close(ok);
    if (!ok && created) rmdirSync(outDir);
  }
  return Object.fromEntries(Object.entries(files).map(([name, f]) => [name, { file: join(outDir, `${name}.csv`), rows: f.rows }])) as Record<CsvTable, { file: string; rows: number }>;
}
