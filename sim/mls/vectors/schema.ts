// The shape of a vector case, as data: the file reader checks every case against its kind's shape and
// names the first field that does not fit, before anything is decoded.
export type Shape =
  | 'hex'
  | 'hex?' // hex or null
  | 'uint'
  | 'uint?'
  | 'string'
  | 'any'
  | { readonly array: Shape }
  | { readonly object: Readonly<Record<string, Shape>> };

/** The first problem with `value` against `shape`, as `path: problem`, or undefined. */
export function shapeError(value: unknown, shape: Shape, path: string): string | undefined {
  if (typeof shape === 'string') {
    const nullable = shape.endsWith('?');
    if (value === null && nullable) return undefined;
    switch (shape) {
      case 'hex':
      case 'hex?':
        return typeof value === 'string' && /^([0-9a-fA-F]{2})*$/.test(value) ? undefined : `${path}: expected a hex string, got ${describe(value)}`;
      case 'uint':
      case 'uint?':
        return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : `${path}: expected a non-negative integer, got ${describe(value)}`;
      case 'string':
        return typeof value === 'string' ? undefined : `${path}: expected a string, got ${describe(value)}`;
      case 'any':
        return undefined;
    }
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return `${path}: expected an array, got ${describe(value)}`;
    for (const [i, v] of value.entries()) {
      const e = shapeError(v, shape.array, `${path}[${i}]`);
      if (e !== undefined) return e;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object, got ${describe(value)}`;
  for (const [k, s] of Object.entries(shape.object)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) return `${path === '' ? '' : `${path}.`}${k}: missing`;
    const e = shapeError(v, s, path === '' ? k : `${path}.${k}`);
    if (e !== undefined) return e;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 20 ? `a string "${v.slice(0, 20)}…"` : `"${v}"`;
  return typeof v === 'object' ? 'an object' : String(v);
}
