import type { TraceRecord, TraceType } from '../sim/trace/records.ts';

type FieldType = 'time' | 'count' | 'string' | 'string?' | 'strings' | 'boolean';

/**
 * The fields each record type must carry (sim/trace/records.ts). `satisfies Record<TraceType, ...>`
 * makes a new record variant a compile error here until the viewer knows its shape.
 */
const FIELDS = {
  send: { t: 'time', msg: 'string', from: 'string', to: 'strings', kind: 'string', bytes: 'count' },
  'hop-enqueue': { t: 'time', env: 'string', msg: 'string?', kind: 'string', from: 'string', node: 'string', bytes: 'count', payload: 'string' },
  'hop-dequeue': { t: 'time', env: 'string', node: 'string' },
  'wire-drop': { t: 'time', env: 'string', msg: 'string?', kind: 'string', from: 'string', node: 'string', reason: 'string' },
  deliver: { t: 'time', msg: 'string', to: 'string', latency: 'count' },
  drop: { t: 'time', msg: 'string', to: 'string', reason: 'string' },
  reject: { t: 'time', msg: 'string', to: 'string', by: 'string', reason: 'string' },
  decrypt: { t: 'time', msg: 'string', by: 'string', ok: 'boolean', reason: 'string?' },
  'plaintext-observed': { t: 'time', msg: 'string', by: 'string' },
  expose: { t: 'time', msg: 'string', by: 'string', as: 'string' },
  mls: { t: 'time', op: 'string', by: 'string', group: 'string', epoch: 'time', bytes: 'count', outcome: 'string?' },
  verify: { t: 'time', group: 'string', epoch: 'time', by: 'string', ok: 'boolean' },
  note: { t: 'time', by: 'string', text: 'string' },
  skip: { t: 'time', conversation: 'string', reason: 'string', by: 'string?' },
} as const satisfies Record<TraceType, Record<string, FieldType>>;

/** The same table as lists, built once: checking is on the hot path of indexing. */
const FIELD_LISTS = new Map<string, readonly (readonly [string, FieldType])[]>(Object.entries(FIELDS).map(([type, fields]) => [type, Object.entries(fields)]));

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
};

function problem(value: unknown, type: FieldType): string | undefined {
  switch (type) {
    case 'time':
      // epoch -1 marks "not in a group yet" (join-welcome), so times and epochs allow integers >= -1.
      return Number.isSafeInteger(value) && (value as number) >= -1 ? undefined : `expected an integer, got ${show(value)}`;
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : `expected a non-negative integer, got ${show(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${show(value)}`;
    case 'string?':
      return value === undefined || typeof value === 'string' ? undefined : `expected a string, got ${show(value)}`;
    case 'strings':
      return Array.isArray(value) && value.every((x) => typeof x === 'string') ? undefined : `expected a list of strings, got ${show(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${show(value)}`;
    default: {
      const never: never = type;
      throw new Error(`unknown field type ${String(never)}`);
    }
  }
}

export type Checked = { readonly kind: 'record'; readonly record: TraceRecord } | { readonly kind: 'unknown-type' } | { readonly kind: 'invalid'; readonly problem: string };

/**
 * Checks one parsed trace line. A record of a type this viewer does not know yet is `unknown-type`
 * (skipped, counted), so a newer simulator's trace still opens; a known type with a wrong field is invalid.
 */
export function checkRecord(value: unknown): Checked {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'invalid', problem: `expected a JSON object, got ${show(value)}` };
  const obj = value as Record<string, unknown>;
  if (typeof obj.type !== 'string') return { kind: 'invalid', problem: `type: expected a string, got ${show(obj.type)}` };
  const fields = FIELD_LISTS.get(obj.type);
  if (fields === undefined) return { kind: 'unknown-type' };
  for (const [name, type] of fields) {
    const p = problem(obj[name], type);
    if (p !== undefined) return { kind: 'invalid', problem: `${obj.type}.${name}: ${p}` };
  }
  if ((obj.t as number) < 0) return { kind: 'invalid', problem: `${obj.type}.t: expected a non-negative integer, got ${show(obj.t)}` };
  return { kind: 'record', record: value as TraceRecord };
}
