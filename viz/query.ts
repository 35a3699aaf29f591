/** A bad request parameter: answered 400 with `{"error": message}`; the message names the parameter. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
  readonly status: number = 400;
}

export class NotFound extends BadRequest {
  override readonly status: number = 404;
}

export interface IntSpec {
  readonly min: number;
  readonly max?: number;
  readonly default?: number;
}

const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);

const expected = (s: IntSpec) =>
  s.max !== undefined ? `an integer from ${s.min} to ${s.max}` : s.min === 0 ? 'a non-negative integer' : s.min === 1 ? 'a positive integer' : `an integer >= ${s.min}`;

/** One string value of a path or query parameter; refuses repeated parameters (`?from=1&from=2`). */
function single(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadRequest(`${name}: expected a single value`);
  return raw;
}

/** Parses a decimal integer parameter within bounds. */
export function intParam(name: string, raw: unknown, spec: IntSpec): number | undefined {
  const s = single(name, raw);
  if (s === undefined) return spec.default;
  const n = /^\d{1,16}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < spec.min || (spec.max !== undefined && n > spec.max)) throw new BadRequest(`${name}: expected ${expected(spec)}, got ${show(s)}`);
  return n;
}

export function stringParam(name: string, raw: unknown, maxLength: number): string | undefined {
  const s = single(name, raw);
  if (s !== undefined && s.length > maxLength) throw new BadRequest(`${name}: expected at most ${maxLength} characters, got ${s.length}`);
  return s;
}

/** Refuses parameters the endpoint does not take, so a typo (`?form=`) is not silently ignored. */
export function onlyParams(query: Record<string, unknown>, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name)) {
      const label = name.length > 40 ? `${name.slice(0, 40)}...` : name;
      throw new BadRequest(`${label}: unknown parameter${allowed.length > 0 ? ` (expected ${allowed.join(', ')})` : ''}`);
    }
  }
}
