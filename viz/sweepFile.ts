import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepResult } from '../sim/sweep/sweepResult.ts';
import type { SweepStatus } from '../sim/sweep/sweepStatus.ts';

/** A sweep output folder as the viewer shows it: progress (live), and the table so far or final. */
export interface SweepView {
  readonly progress?: SweepStatus;
  readonly result?: SweepResult;
  readonly errors: readonly string[];
}

const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);
const isNum = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));

/** True for a folder `interop-sim sweep` wrote (or is writing). */
export const isSweepDir = (dir: string) => existsSync(join(dir, 'progress.json')) || sweepKindAt(join(dir, 'results.json'));

function sweepKindAt(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { kind?: unknown })?.kind === 'interop-sim/sweep';
  } catch {
    return false;
  }
}

/** Checks results.json against SweepResult (sim/sweep/sweepResult.ts); a one-line error naming the field. */
export function checkSweepResult(value: unknown, label: string): SweepResult {
  const fail = (path: string, what: string, got: unknown): never => {
    throw new TypeError(`${label}: ${path}: expected ${what}, got ${show(got)}`);
  };
  if (typeof value !== 'object' || value === null) fail('(top level)', 'an object', value);
  const v = value as Record<string, unknown>;
  if (v.kind !== 'interop-sim/sweep') fail('kind', '"interop-sim/sweep"', v.kind);
  for (const f of ['name', 'id'] as const) if (typeof v[f] !== 'string') fail(f, 'a string', v[f]);
  for (const f of ['parameters', 'metrics'] as const) if (!Array.isArray(v[f]) || !(v[f] as unknown[]).every((x) => typeof x === 'string')) fail(f, 'a list of names', v[f]);
  for (const f of ['points', 'cells', 'failed'] as const) if (!Array.isArray(v[f])) fail(f, 'a list', v[f]);
  const metrics = v.metrics as string[];
  (v.points as unknown[]).forEach((p, i) => {
    const r = (p ?? {}) as Record<string, unknown>;
    if (typeof r.point !== 'number') fail(`points[${i}].point`, 'a number', r.point);
    if (r.params === null || typeof r.params !== 'object') fail(`points[${i}].params`, 'an object', r.params);
    if (!Array.isArray(r.seeds)) fail(`points[${i}].seeds`, 'a list', r.seeds);
    const ms = (r.metrics ?? {}) as Record<string, unknown>;
    for (const m of metrics) {
      const e = (ms[m] ?? {}) as Record<string, unknown>;
      if (!isNum(e.mean)) fail(`points[${i}].metrics.${m}.mean`, 'a number', e.mean);
      if (!isNum(e.ci95)) fail(`points[${i}].metrics.${m}.ci95`, 'a number', e.ci95);
    }
  });
  (v.cells as unknown[]).forEach((c, i) => {
    const r = (c ?? {}) as Record<string, unknown>;
    if (typeof r.point !== 'number') fail(`cells[${i}].point`, 'a number', r.point);
    if (typeof r.seed !== 'string') fail(`cells[${i}].seed`, 'a string', r.seed);
    if (typeof r.digest !== 'string') fail(`cells[${i}].digest`, 'a string', r.digest);
    if (r.metrics === null || typeof r.metrics !== 'object') fail(`cells[${i}].metrics`, 'an object', r.metrics);
  });
  (v.failed as unknown[]).forEach((c, i) => {
    const r = (c ?? {}) as Record<string, unknown>;
    if (typeof r.error !== 'string') fail(`failed[${i}].error`, 'a string', r.error);
  });
  return value as SweepResult;
}

export function checkSweepStatus(value: unknown, label: string): SweepStatus {
  const fail = (path: string, what: string, got: unknown): never => {
    throw new TypeError(`${label}: ${path}: expected ${what}, got ${show(got)}`);
  };
  if (typeof value !== 'object' || value === null) fail('(top level)', 'an object', value);
  const v = value as Record<string, unknown>;
  if (v.kind !== 'interop-sim/sweep-progress') fail('kind', '"interop-sim/sweep-progress"', v.kind);
  for (const f of ['total', 'done', 'failed', 'active'] as const) if (!Number.isSafeInteger(v[f]) || (v[f] as number) < 0) fail(f, 'an integer >= 0', v[f]);
  if (!['running', 'finished', 'stopped'].includes(v.state as string)) fail('state', 'running, finished or stopped', v.state);
  return value as SweepStatus;
}

/** Reads the folder again (a running sweep rewrites both files); each broken file is one error line. */
export function readSweepDir(dir: string, name: string): SweepView {
  const errors: string[] = [];
  const read = <T>(file: string, check: (v: unknown, label: string) => T): T | undefined => {
    const path = join(dir, file);
    if (!existsSync(path)) return undefined;
    try {
      return check(JSON.parse(readFileSync(path, 'utf8')), `${name}/${file}`);
    } catch (e) {
      errors.push(e instanceof SyntaxError ? `${name}/${file}: invalid JSON (${e.message.slice(0, 200)})` : (e as Error).message.slice(0, 300));
      return undefined;
    }
  };
  const progress = read('progress.json', checkSweepStatus);
  const result = read('results.json', checkSweepResult);
  return { ...(progress && { progress }), ...(result && { result }), errors };
}
