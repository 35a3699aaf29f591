// Reads a script file: JSON, then the schema of every action, then the references between actions.
// Every problem is one line naming the field path; the first one is thrown, the rest are counted.
import { z } from 'zod';
import { fieldPath, issueLine } from './fieldPath.ts';
import { jsonErrorOffset } from './jsonErrorOffset.ts';
import { MlsScriptError } from './mlsScriptError.ts';
import { referenceProblem, referencesOf } from './references.ts';
import { ACTION_NAMES, ACTION_SCHEMAS, isActionName, type MlsScript, type MlsScriptFile, type ScriptAction } from './scriptSchema.ts';

const fileSchema = z.strictObject({
  scripts: z.record(z.string(), z.array(z.unknown()).min(1)),
  /** The IETF runner's client-assignment mode; meaningless here, accepted and ignored. */
  mode: z.string().optional(),
});

/** A script file failed validation; `problems` lists every problem found, one line each. */
export class MlsScriptFileError extends MlsScriptError {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`${source}: ${problems[0]}${more}`);
  }
}

export function parseScriptFile(text: string, source: string): MlsScriptFile {
  const json = parseJson(text, source);
  // JSON.parse keeps "__proto__" as an own key, but copying it into a record would set a prototype
  // and drop the script without a word: refuse the name instead.
  const rawScripts = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).scripts : undefined;
  if (typeof rawScripts === 'object' && rawScripts !== null && Object.hasOwn(rawScripts, '__proto__')) {
    throw new MlsScriptFileError(source, ['scripts.__proto__: "__proto__" cannot be a script name']);
  }
  const top = fileSchema.safeParse(json, { reportInput: true });
  if (!top.success) throw new MlsScriptFileError(source, top.error.issues.map((i) => issueLine([], i)));
  const problems: string[] = [];
  const scripts: MlsScript[] = [];
  const names = Object.keys(top.data.scripts);
  if (names.length === 0) throw new MlsScriptFileError(source, ['scripts: expected at least one script']);
  for (const name of names) {
    const raw = top.data.scripts[name]!;
    const actions: ScriptAction[] = [];
    raw.forEach((item, i) => {
      const at = ['scripts', name, i];
      const action = parseAction(item, at, problems);
      if (action !== undefined) actions.push(action);
    });
    if (actions.length !== raw.length) continue; // reference checks need every action
    actions.forEach((a, i) => {
      for (const ref of referencesOf(a)) {
        const problem = referenceProblem(actions, i, ref);
        if (problem !== undefined) problems.push(`${fieldPath(['scripts', name, i, ...ref.path])}: ${problem}`);
      }
    });
    scripts.push({ name, actions });
  }
  if (problems.length > 0) throw new MlsScriptFileError(source, problems);
  return { source, scripts };
}

function parseAction(item: unknown, at: readonly (string | number)[], problems: string[]): ScriptAction | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${fieldPath(at)}: expected an action object, got ${item === null ? 'null' : Array.isArray(item) ? 'a list' : JSON.stringify(item)}`);
    return undefined;
  }
  const name = (item as Record<string, unknown>).action;
  if (name === undefined) {
    problems.push(`${fieldPath([...at, 'action'])}: required field is missing`);
    return undefined;
  }
  if (!isActionName(name)) {
    problems.push(`${fieldPath([...at, 'action'])}: unknown action ${JSON.stringify(name)} (known: ${ACTION_NAMES.join(', ')})`);
    return undefined;
  }
  const parsed = ACTION_SCHEMAS[name].safeParse(item, { reportInput: true });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => issueLine(at, i)));
    return undefined;
  }
  const action = parsed.data as ScriptAction;
  if (action.action === 'reinit' && action.proposer === undefined && action.actor === undefined && action.externalReinitProposal === undefined) {
    problems.push(`${fieldPath(at)}: a reinit needs "proposer" (or "actor") or "externalReinitProposal": someone must propose the ReInit`);
    return undefined;
  }
  return action;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const at = jsonErrorOffset(text) ?? text.length;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    const what = at >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[at])}`;
    throw new MlsScriptError(`${source}: not valid JSON at line ${line}, column ${column}: ${what}`);
  }
}
