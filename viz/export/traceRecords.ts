import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecord } from '../../sim/trace/records.ts';
import { MAX_LINE_CHARS } from '../indexTrace.ts';
import { checkRecord } from '../recordCheck.ts';

/** A run directory (holding trace.jsonl) or a trace file itself: the trace file's path, or a one-line RangeError. */
export function tracePathOf(run: string): string {
  if (!existsSync(run)) throw new RangeError(`run: no such file or directory: ${run}`);
  if (!statSync(run).isDirectory()) return run;
  const file = join(run, 'trace.jsonl');
  if (!existsSync(file)) throw new RangeError(`run: no trace.jsonl in ${run} (write one with \`interop-sim run --out DIR\`)`);
  return file;
}

/**
 * Every known record of a trace file, in file order, read through a bounded buffer. A line that is
 * not a valid record is a one-line RangeError naming the file and line; records of types this version
 * does not know are skipped (a newer simulator's trace still exports).
 */
export async function* traceRecords(file: string, label = file): AsyncGenerator<TraceRecord> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let lineNo = 0;
  const parse = (line: string): TraceRecord | undefined => {
    lineNo++;
    if (line.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new RangeError(`${label}:${lineNo}: invalid JSON`);
    }
    const c = checkRecord(value);
    if (c.kind === 'invalid') throw new RangeError(`${label}:${lineNo}: ${c.problem}`);
    return c.kind === 'record' ? c.record : undefined;
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      if (rest.length > MAX_LINE_CHARS) throw new RangeError(`${label}:${lineNo + 1}: line longer than ${MAX_LINE_CHARS} characters`);
      for (const line of lines) {
        const r = parse(line);
        if (r !== undefined) yield r;
      }
    }
  } finally {
    stream.destroy();
  }
  const last = parse(rest);
  if (last !== undefined) yield last;
}
