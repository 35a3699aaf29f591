import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchitectureName } from '../../../sim/interop/index.ts';
import { runScenario, type RunResult } from '../../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../../sim/trace/index.ts';
import type { Scenario } from '../../../scenarios/schema.ts';

/** Runs `s` under `architecture` with its trace written, and reads the trace back. */
export async function runWithTrace(s: Scenario, architecture: ArchitectureName): Promise<{ r: RunResult; records: TraceRecord[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'perpair-'));
  const r = await runScenario(s, { architecture, outDir: dir });
  const records = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceRecord);
  return { r, records };
}

/** `provA/u1/d0` -> `provA`: the server a device is attached to (its home when no accounts are opened elsewhere). */
export const serverOf = (device: string): string => device.split('/')[0]!;
