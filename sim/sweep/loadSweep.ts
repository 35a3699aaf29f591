import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssues } from '../../scenarios/index.ts';
import { parseFieldPath } from './fieldPath.ts';
import { loadBase, parseText, readText, type SweepBase } from './loadBase.ts';
import { SweepError } from './sweepError.ts';
import { sweepSchema, type SweepSpec } from './sweepSpec.ts';

/** A validated sweep file and the raw base scenario it starts from (as written, before defaults). */
export interface LoadedSweep {
  readonly file: string;
  readonly spec: SweepSpec;
  readonly base: SweepBase;
  /** The base's file and its data as written (`base.path`, `base.data`). */
  readonly basePath: string;
  readonly baseData: Readonly<Record<string, unknown>>;
}

/** Checks the sweep's own fields: every problem at once, each naming its field. */
export function validateSweep(data: unknown, source: string): SweepSpec {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new SweepError(source, ['(top level): expected a mapping of sweep fields']);
  const parsed = sweepSchema.safeParse(data, { reportInput: true });
  const problems = parsed.success ? [] : formatIssues(parsed.error.issues);
  const raw = data as { parameters?: unknown; set?: unknown; design?: { kind?: unknown } };
  for (const group of ['parameters', 'set'] as const) {
    const fields = raw[group];
    if (fields === null || typeof fields !== 'object') continue;
    for (const path of Object.keys(fields)) if (parseFieldPath(path) === undefined) problems.push(`${group}."${path}": not a field path (like network.access.loss or providers[0].users)`);
  }
  const grid = raw.design === undefined || raw.design?.kind === 'grid';
  if (grid && raw.parameters !== null && typeof raw.parameters === 'object') {
    for (const [path, p] of Object.entries(raw.parameters)) {
      if (p !== null && typeof p === 'object' && !Array.isArray(p) && !('steps' in p)) problems.push(`parameters."${path}".steps: a grid design needs steps for a range (or give a list of values)`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new SweepError(source, problems);
  return parsed.data;
}

/** Reads a sweep file and its base scenario (a file next to the sweep file, or a preset name). */
export function loadSweep(file: string): LoadedSweep {
  const path = resolve(file);
  if (!existsSync(path)) throw new SweepError(file, ['(file): no such file']);
  const spec = validateSweep(parseText(readText(path), path), path);
  const base = loadBase(spec.base, path);
  return { file: path, spec, base, basePath: base.path, baseData: base.data };
}
