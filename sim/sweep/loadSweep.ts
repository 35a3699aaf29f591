import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ScenarioError, formatIssues, resolveScenarioPath } from '../../scenarios/index.ts';
import { parseFieldPath } from './fieldPath.ts';
import { SweepError } from './sweepError.ts';
import { sweepSchema, type SweepSpec } from './sweepSpec.ts';

/** A validated sweep file and the raw base scenario it starts from (as written, before defaults). */
export interface LoadedSweep {
  readonly file: string;
  readonly spec: SweepSpec;
  readonly basePath: string;
  readonly baseData: Readonly<Record<string, unknown>>;
}

function parseText(text: string, source: string): unknown {
  try {
    return extname(source) === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    throw new SweepError(source, [`(file): not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${String((e as Error).message).split('\n')[0]}`]);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new SweepError(path, [`(file): cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
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
  const nextToSweep = resolve(dirname(path), spec.base);
  let basePath: string;
  try {
    basePath = existsSync(nextToSweep) ? nextToSweep : resolveScenarioPath(spec.base);
  } catch (e) {
    if (e instanceof ScenarioError) throw new SweepError(path, [`base: "${spec.base}" is neither a scenario file (relative to the sweep file) nor a built-in preset`]);
    throw e;
  }
  const baseData = parseText(readText(basePath), basePath);
  if (baseData === null || typeof baseData !== 'object' || Array.isArray(baseData)) throw new SweepError(basePath, ['(top level): expected a mapping of scenario fields']);
  return { file: path, spec, basePath, baseData: baseData as Record<string, unknown> };
}
