import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { crossCheck } from './crossChecks.ts';
import { formatIssues } from './formatIssues.ts';
import { ScenarioError } from './scenarioError.ts';
import { scenarioSchema, type Scenario } from './schema.ts';

export const PRESET_DIR = join(dirname(fileURLToPath(import.meta.url)), 'presets');
export const DEFAULT_SCENARIO = 'default';

/** Validates already-parsed data; throws ScenarioError listing every problem found. */
export function validateScenario(data: unknown, source = 'scenario'): Scenario {
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(source, formatIssues(parsed.error.issues), 'schema');
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ScenarioError(source, problems, 'schema');
  return parsed.data;
}

/** Parses YAML or JSON text (by file extension; YAML otherwise, which also reads JSON). */
export function parseScenarioText(text: string, source: string): Scenario {
  let data: unknown;
  try {
    data = extname(source) === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    const first = String((e as Error).message).split('\n')[0];
    throw new ScenarioError(source, [`(file): not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}: ${first}`]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ScenarioError(source, ['(top level): expected a mapping of scenario fields']);
  return validateScenario(data, source);
}

/** A file path, or the name of a built-in preset (`default`, `federation-20`, ...). */
export function resolveScenarioPath(ref: string | undefined): string {
  const name = ref ?? DEFAULT_SCENARIO;
  if (existsSync(name)) return resolve(name);
  // A preset is a plain name: never a path that could reach outside the preset folder.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) throw new ScenarioError(name, ['(file): no such file']);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const p = join(PRESET_DIR, name + ext);
    if (existsSync(p)) return p;
  }
  throw new ScenarioError(name, [`(file): no such file, and no built-in preset of that name (see \`interop-sim presets\`)`]);
}

export function loadScenario(ref?: string): Scenario {
  const path = resolveScenarioPath(ref);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(path, [`(file): cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const s = parseScenarioText(text, path);
  // A plug-in engine named relative to the scenario file is found next to it, wherever the CLI runs.
  const engine = s.mls.engine;
  if (typeof engine === 'object' && !isAbsolute(engine.module)) return { ...s, mls: { ...s.mls, engine: { module: resolve(dirname(path), engine.module) } } };
  return s;
}
