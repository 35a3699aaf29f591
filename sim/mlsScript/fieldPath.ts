import type { z } from 'zod';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `scripts.add[5].keyPackage`; a key that is not a plain name is quoted: `scripts["my script"][0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (IDENTIFIER.test(String(p))) out += out === '' ? String(p) : `.${String(p)}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out === '' ? '(top level)' : out;
}

function shown(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'object') return Array.isArray(input) ? 'a list' : 'an object';
  const s = JSON.stringify(input);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** One line for a zod issue, under `prefix` (the path of the value that was parsed). */
export function issueLine(prefix: readonly PropertyKey[], issue: z.core.$ZodIssue): string {
  const path = fieldPath([...prefix, ...issue.path]);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union': {
      const options = (issue as { options?: readonly unknown[] }).options;
      if (options !== undefined) {
        const got = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[String(issue.path.at(-1))] : input;
        return `${path}: expected one of ${options.map((o) => JSON.stringify(o)).join(' | ')}, got ${shown(got)}`;
      }
      return `${path}: matches none of the allowed forms, got ${shown(input)}`;
    }
    case 'invalid_type':
      if (input === undefined) return `${path}: required field is missing`;
      return `${path}: expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}, got ${shown(input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `${path}: expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `${path}: must not be empty`;
      return `${path}: expected at least ${String(issue.minimum)}, got ${shown(input)}`;
    default:
      return `${path}: ${issue.message}`;
  }
}
