import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ScenarioError, resolveScenarioPath } from '../../scenarios/index.ts';
import { SweepError } from './sweepError.ts';

/**
 * What a sweep varies: today a scenario (a file or a preset), as written, before defaults. Another kind
 * of base (a world, a timeline) is one more member of this union, loaded in `loadBase` and validated
 * where `planCells` validates a point (`cellScenario`).
 */
export type SweepBase = { readonly kind: 'scenario'; readonly path: string; readonly data: Readonly<Record<string, unknown>> };

export function parseText(text: string, source: string): unknown {
  try {
    return extname(source) === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    throw new SweepError(source, [`(file): not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${String((e as Error).message).split('\n')[0]}`]);
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new SweepError(path, [`(file): cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
}

/**
 * A plug-in MLS engine named relative to a file is found next to that file, wherever the workers run
 * (as `loadScenario` does): the path becomes absolute, so every worker needs the module at that path.
 */
export function engineNextTo(data: Readonly<Record<string, unknown>>, dir: string): Readonly<Record<string, unknown>> {
  const mls = data.mls as { engine?: { module?: unknown } } | undefined;
  const module = mls?.engine?.module;
  if (typeof module !== 'string' || module === '' || isAbsolute(module)) return data;
  return { ...data, mls: { ...mls, engine: { ...mls!.engine, module: resolve(dir, module) } } };
}

/** The base a sweep names (`base:`): a scenario file next to the sweep file, or a built-in preset. */
export function loadBase(ref: string, sweepFile: string): SweepBase {
  const nextToSweep = resolve(dirname(sweepFile), ref);
  let path: string;
  try {
    path = existsSync(nextToSweep) ? nextToSweep : resolveScenarioPath(ref);
  } catch (e) {
    if (e instanceof ScenarioError) throw new SweepError(sweepFile, [`base: "${ref}" is neither a scenario file (relative to the sweep file) nor a built-in preset`]);
    throw e;
  }
  const data = parseText(readText(path), path);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new SweepError(path, ['(top level): expected a mapping of scenario fields']);
  return { kind: 'scenario', path, data: engineNextTo(data as Record<string, unknown>, dirname(path)) };
}
