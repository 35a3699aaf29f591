/**
 * JSON with object keys sorted at every level, so the same record always has the same bytes whatever
 * order its fields were written in. Byte arrays become lowercase hex; bigints become decimal strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('hex'));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of sortedKeys(Object.keys(obj))) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return out + '}';
}

// Trace records come in a handful of shapes: sort each shape's keys once, not once per record.
const sortedByShape = new Map<string, readonly string[]>();

function sortedKeys(keys: string[]): readonly string[] {
  const shape = keys.join('\0');
  let sorted = sortedByShape.get(shape);
  if (sorted === undefined) {
    sorted = [...keys].sort();
    if (sortedByShape.size < 4096) sortedByShape.set(shape, sorted);
  }
  return sorted;
}
