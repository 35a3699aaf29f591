/** An input as it appears in an error message: strings quoted, anything else named by its type. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return typeof value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`${field}: expected a string, got ${describe(value)}`);
  return value;
}
