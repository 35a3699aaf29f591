// Boundary checks: one-line errors that name the field (TypeError for a wrong type, RangeError for a
// bad value). Inside the package, validated values are trusted.

/** An input as it appears in an error message: strings quoted, anything else named by its type. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

// A lone surrogate cannot be encoded as UTF-8 (RFC 8949 §3.1: text strings are UTF-8), so it would not
// survive a round trip; such strings are refused where they enter.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const nativeWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
export const isWellFormed: (s: string) => boolean =
  nativeWellFormed === undefined ? (s) => !LONE_SURROGATE.test(s) : (s) => nativeWellFormed.call(s); // ES2024, where the runtime has it

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`${field}: expected a string, got ${describe(value)}`);
  if (!isWellFormed(value)) throw new RangeError(`${field}: contains a lone UTF-16 surrogate`);
  return value;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${field}: expected an integer, got ${describe(value)}`);
  if (value < min || value > max) throw new RangeError(`${field}: expected ${min}..${max}, got ${value}`);
  return value;
}

export function requireFinite(value: unknown, field: string): number {
  if (typeof value !== 'number') throw new TypeError(`${field}: expected a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${field}: expected a finite number, got ${value}`);
  return value;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${field}: expected a boolean, got ${describe(value)}`);
  return value;
}

export function requireBytes(value: unknown, field: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${field}: expected a Uint8Array, got ${describe(value)}`);
  return value;
}

export function requireArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${field}: expected an array, got ${describe(value)}`);
  return value;
}

export function requireRecord(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new TypeError(`${field}: expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function requireOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string') throw new TypeError(`${field}: expected a string, got ${describe(value)}`);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${field}: expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}
