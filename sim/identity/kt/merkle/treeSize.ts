import { describe } from '../../quote.ts';

/** `k` of RFC 9162 §2.1.1: the largest power of two smaller than `n` (for n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Exact for every safe integer: arithmetic, not 32-bit bit operations. */
export const isPowerOfTwo = (n: number): boolean => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;

/** A tree size or leaf index: a non-negative safe integer. */
export function requireCount(v: unknown, field: string): number {
  if (typeof v !== 'number') throw new TypeError(`${field}: expected a number, got ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${field}: expected a non-negative integer, got ${describe(v)}`);
  return v;
}

export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
