/** `providers[0].users` -> ['providers', 0, 'users']; undefined when the text is not a field path. */
export function parseFieldPath(text: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) {
      if (!expectName) return undefined;
      out.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) return undefined;
      out.push(Number(m[2]));
    } else {
      if (expectName) return undefined;
      expectName = true;
    }
    at = re.lastIndex;
  }
  return at === text.length && !expectName && out.length > 0 ? out : undefined;
}

/**
 * A copy of `data` with the field at `path` set to `value`; the input is not changed. Missing object
 * fields are created (the scenario schema then names any that do not exist); a list index must exist.
 * Returns a problem text instead when the path cannot be followed.
 */
export function setField(data: unknown, path: readonly (string | number)[], value: unknown): { ok: true; data: unknown } | { ok: false; problem: string } {
  const [head, ...rest] = path;
  if (head === undefined) return { ok: true, data: value };
  if (typeof head === 'number') {
    if (!Array.isArray(data)) return { ok: false, problem: `[${head}] used on something that is not a list` };
    if (head >= data.length) return { ok: false, problem: `[${head}] is past the end of a list of ${data.length}` };
    const inner = setField(data[head], rest, value);
    if (!inner.ok) return inner;
    const copy = [...data];
    copy[head] = inner.data;
    return { ok: true, data: copy };
  }
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data))) return { ok: false, problem: `.${head} used on something that is not a mapping` };
  const obj = (data ?? {}) as Record<string, unknown>;
  const inner = setField(obj[head], rest, value);
  if (!inner.ok) return inner;
  return { ok: true, data: { ...obj, [head]: inner.data } };
}
