import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeCsvTables } from './csvExport.ts';
import { perfettoEvents, writeTraceEvents } from './perfettoExport.ts';
import { tracePathOf, traceRecords } from './traceRecords.ts';

export const EXPORT_FORMATS = ['perfetto', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportResult =
  | { readonly kind: 'perfetto'; readonly file: string; readonly events: number; readonly bytes: number }
  | { readonly kind: 'csv'; readonly dir: string; readonly tables: Readonly<Record<string, { file: string; rows: number }>> };

/**
 * `interop-sim export RUN --format perfetto|csv -o OUT`: a finished run (its directory or its
 * trace.jsonl) as Chrome/Perfetto trace-event JSON (one file) or tidy CSV tables (a directory).
 * Bad input is a one-line RangeError naming the argument or the trace line.
 */
export async function exportRun(run: string, format: string, out: string): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new RangeError(`format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  const file = tracePathOf(run);
  const parent = dirname(out);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new RangeError(`output: directory ${parent} does not exist`);
  const isDir = existsSync(out) && statSync(out).isDirectory();
  if (format === 'perfetto' && isDir) throw new RangeError(`output: ${out} is a directory; perfetto writes one JSON file`);
  if (format === 'csv' && existsSync(out) && !isDir) throw new RangeError(`output: ${out} is a file; csv writes a directory of tables`);
  const records = traceRecords(file);
  switch (format as ExportFormat) {
    case 'perfetto': {
      const events = await perfettoEvents(records);
      return { kind: 'perfetto', file: out, events: events.length, bytes: writeTraceEvents(events, out) };
    }
    case 'csv':
      return { kind: 'csv', dir: out, tables: await writeCsvTables(records, out) };
  }
}
