import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../../scenarios/index.ts';
import { INPUTS, INPUT_NAMES, defaultInputs, type InputName } from './inputs.ts';
import { parseMonth, type MonthIndex } from './month.ts';
import { TimelineError } from './timelineError.ts';
import { isInputName, timelineSchema, type PhaseSpec, type ProviderSpec, type TimelineSpec, type VariantSpec } from './timelineSpec.ts';

export const TIMELINE_PRESET_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios', 'timelines');

export interface Phase extends PhaseSpec {
  readonly month: MonthIndex;
}
export interface Variant extends Omit<VariantSpec, 'phases'> {
  readonly phases: readonly Phase[];
}
export interface Provider extends ProviderSpec {
  /** Index in the timeline's provider list (its bit in an agent's app set). */
  readonly index: number;
  readonly arrivesMonth: MonthIndex | undefined;
}

/** A checked timeline: months resolved, inputs with their values and ranges. */
export interface Timeline {
  readonly source: string;
  readonly spec: TimelineSpec;
  readonly startMonth: MonthIndex;
  readonly providers: readonly Provider[];
  readonly inputs: Readonly<Record<InputName, number>>;
  readonly ranges: Readonly<Record<InputName, readonly [number, number]>>;
  readonly variants: readonly Variant[];
}

/** The built-in timeline presets (scenarios/timelines/*.yaml). */
export function timelinePresets(): string[] {
  try {
    return (
      readFileSync(join(TIMELINE_PRESET_DIR, 'index.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
    );
  } catch {
    return [];
  }
}

/** A preset name or a file path -> the file to read. */
export function resolveTimelinePath(nameOrFile: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrFile) && !existsSync(nameOrFile)) {
    const p = join(TIMELINE_PRESET_DIR, `${nameOrFile}.yaml`);
    if (existsSync(p)) return p;
    throw new TimelineError(nameOrFile, [`(file): no such file, and not a timeline preset (${timelinePresets().join(', ')})`]);
  }
  const p = resolve(nameOrFile);
  if (!existsSync(p)) throw new TimelineError(nameOrFile, ['(file): no such file']);
  return p;
}

export function loadTimeline(nameOrFile: string): Timeline {
  const path = resolveTimelinePath(nameOrFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TimelineError(path, [`(file): cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    throw new TimelineError(path, [`(file): not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${String((e as Error).message).split('\n')[0]}`]);
  }
  return validateTimeline(data, path);
}

/** Checks a timeline document: every problem at once, each naming its field. */
export function validateTimeline(data: unknown, source: string): Timeline {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new TimelineError(source, ['(top level): expected a mapping of timeline fields']);
  const parsed = timelineSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new TimelineError(source, formatIssues(parsed.error.issues));
  const spec = parsed.data;
  const problems: string[] = [];
  const startMonth = parseMonth(spec.start);
  if (startMonth === undefined) problems.push(`start: not a calendar date: ${spec.start}`);
  const ids = new Map<string, ProviderSpec>();
  spec.providers.forEach((p, i) => {
    if (ids.has(p.id)) problems.push(`providers[${i}].id: "${p.id}" appears twice`);
    ids.set(p.id, p);
    if (p.arrives !== undefined && parseMonth(p.arrives) === undefined) problems.push(`providers[${i}].arrives: not a calendar date: ${p.arrives}`);
    if (p.arrives !== undefined && p.mainShare > 0) problems.push(`providers[${i}].mainShare: a provider that arrives later has no users at the start (use seedShare)`);
  });
  const mainTotal = spec.providers.reduce((s, p) => s + p.mainShare, 0);
  if (mainTotal > 1 + 1e-9) problems.push(`providers: the mainShare values add up to ${mainTotal.toFixed(3)}, more than 1`);
  if (mainTotal <= 0) problems.push('providers: no provider has a mainShare above 0 at the start');
  const inputs = defaultInputs();
  const ranges = Object.fromEntries(INPUT_NAMES.map((n) => [n, INPUTS[n].range])) as Record<InputName, readonly [number, number]>;
  for (const [name, o] of Object.entries(spec.inputs)) {
    if (!isInputName(name)) {
      problems.push(`inputs.${name}: not an input (known: ${INPUT_NAMES.join(', ')})`);
      continue;
    }
    const value = typeof o === 'number' ? o : o.value;
    const range = typeof o === 'number' ? ([Math.min(value, ranges[name][0]), Math.max(value, ranges[name][1])] as const) : (o.range ?? ranges[name]);
    if (range[0] > range[1]) problems.push(`inputs.${name}.range: low ${range[0]} is above high ${range[1]}`);
    if (value < range[0] || value > range[1]) problems.push(`inputs.${name}: value ${value} is outside its range ${range[0]} to ${range[1]}`);
    inputs[name] = value;
    ranges[name] = range;
  }
  problems.push(...inputProblems(inputs, ranges));
  for (const kind of ['regions', 'platforms'] as const) {
    const total = Object.values(spec.users[kind]).reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 1e-9) problems.push(`users.${kind}: the shares add up to ${total.toFixed(3)}, not 1`);
  }
  const names = new Set<string>();
  spec.variants.forEach((v, vi) => {
    if (names.has(v.name)) problems.push(`variants[${vi}].name: "${v.name}" appears twice`);
    names.add(v.name);
    let last = -Infinity;
    v.phases.forEach((ph, pi) => {
      const at = `variants[${vi}].phases[${pi}]`;
      const m = parseMonth(ph.date);
      if (m === undefined) problems.push(`${at}.date: not a calendar date: ${ph.date}`);
      else if (m < last) problems.push(`${at}.date: ${ph.date} is before the phase above it (phases are in date order)`);
      else last = m;
      for (const kind of ['regions', 'platforms'] as const)
        (ph.offer?.[kind] ?? []).forEach((x, xi) => {
          if (!(x in spec.users[kind])) problems.push(`${at}.offer.${kind}[${xi}]: no ${kind === 'regions' ? 'region' : 'platform'} "${x}" in users.${kind} (known: ${Object.keys(spec.users[kind]).join(', ')})`);
        });
      (ph.requests ?? []).forEach((r, ri) => {
        const p = ids.get(r);
        if (p === undefined) problems.push(`${at}.requests[${ri}]: no provider "${r}"`);
        else if (p.role === 'gatekeeper') problems.push(`${at}.requests[${ri}]: "${r}" is a gatekeeper; requests come from other providers`);
      });
    });
  });
  if (problems.length > 0) throw new TimelineError(source, problems);
  const providers = spec.providers.map((p, index) => ({ ...p, index, arrivesMonth: p.arrives === undefined ? undefined : parseMonth(p.arrives) }));
  const variants = spec.variants.map((v) => ({ ...v, phases: v.phases.map((ph) => ({ ...ph, month: parseMonth(ph.date)! })) }));
  return { source, spec, startMonth: startMonth!, providers, inputs, ranges, variants };
}

/** Bounds each input's values (its value and both ends of its range) must respect. */
const BOUNDS: Partial<Record<InputName, readonly [number, number, string]>> = {
  appsPerUser: [1, 8, 'between 1 and 8 apps'],
  networkValueExponent: [1, 3, 'between 1 and 3'],
  contactsMean: [1, 500, 'between 1 and 500 contacts'],
  requestToLiveMonths: [0, 3, 'at most 3 months (DMA Art. 7(5))'],
  holdingCost: [0, 1, 'between 0 and 1'],
};

function inputProblems(values: Record<InputName, number>, ranges: Record<InputName, readonly [number, number]>): string[] {
  const out: string[] = [];
  for (const n of INPUT_NAMES) {
    const [lo, hi, what] = BOUNDS[n] ?? [0, 1, 'a share between 0 and 1'];
    for (const [label, v] of [['', values[n]], ['.range', ranges[n][0]], ['.range', ranges[n][1]]] as const) {
      if (!Number.isFinite(v) || v < lo || v > hi) {
        out.push(`inputs.${n}${label}: expected ${what}, got ${v}`);
        break;
      }
    }
  }
  return out;
}
