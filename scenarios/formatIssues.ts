import type { z } from 'zod';

/** `providers[2].latency.mean` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(top level)' : out;
}

function shown(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (typeof input === 'object' && input !== null) return Array.isArray(input) ? 'a list' : 'an object';
  // JSON has no NaN or Infinity (stringify gives "null"); YAML's .nan and .inf do reach here.
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  const s = JSON.stringify(input);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One line per problem, naming the field and what is wrong, as a scenario author would want it. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      case 'invalid_union':
        if ('discriminator' in issue && issue.discriminator) {
          const options = (issue as { options?: unknown[] }).options ?? [];
          const got = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : input;
          return `${path}${issue.path.length && issue.path.at(-1) === issue.discriminator ? '' : `.${issue.discriminator}`}: expected one of ${options.map((o) => JSON.stringify(o)).join(' | ')}, got ${shown(got)}`;
        }
        return `${path}: matches none of the allowed forms, got ${shown(input)}`;
      case 'invalid_value':
        return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${shown(input)}`;
      case 'invalid_type':
        if (input === undefined) return `${path}: required field is missing`;
        return `${path}: ${issue.message.startsWith('Invalid input') ? `expected ${issue.expected}` : issue.message}, got ${shown(input)}`;
      default:
        return `${path}: ${issue.message}${input !== undefined && typeof input !== 'object' ? `, got ${shown(input)}` : ''}`;
    }
  });
}
