// Shared fixtures for the mlsScript tests: the scenario files and one engine for every test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTsMlsEngine } from '../../sim/mls/tsMlsEngine.ts';
import type { ScriptReport } from '../../sim/mlsScript/index.ts';

export const SCRIPTS_DIR = join(import.meta.dirname, '../../scenarios/mls-scripts');
export const scriptPath = (file: string): string => join(SCRIPTS_DIR, file);
export const scriptText = (file: string): string => readFileSync(scriptPath(file), 'utf8');

/** One engine for the whole file: handles carry all state, so sharing it is safe. */
export const engine = createTsMlsEngine();

export const byName = (reports: readonly ScriptReport[], name: string): ScriptReport => {
  const r = reports.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no report for ${name}`);
  return r;
};

/** A one-line summary of a report that did not pass, for assertion messages. */
export const why = (r: ScriptReport): string => (r.status === 'pass' ? 'pass' : `${r.name}: ${r.status} at ${r.failedAction}: ${r.reason}`);

/** A small script file built inline. */
export const file = (scripts: Record<string, readonly object[]>): string => JSON.stringify({ scripts });
