import { z } from 'zod';

/**
 * The largest value any number in a scenario may take unless a field says less: finite, and a time
 * of this many seconds still fits integer microseconds exactly (2^53 µs is about 285 years).
 * Sizes and rates have tighter bounds of their own (scenarios/limits.ts, the README's table).
 */
export const NUMBER_MAX = 1e9;

const shown = (n: number) => (Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toLocaleString('en-US') : String(n));
const atMost = (max: number) => ({ error: `expected at most ${shown(max)}` });

// Field schemas whose error says what was expected in words a scenario author reads; the formatter
// appends what was found (`expected a positive number, got "fast"`). Each takes an upper bound.
export const positiveNumber = (max = NUMBER_MAX) => z.number({ error: 'expected a positive number' }).positive({ error: 'expected a positive number' }).max(max, atMost(max));
export const nonNegativeNumber = (max = NUMBER_MAX) => z.number({ error: 'expected a number >= 0' }).min(0, { error: 'expected a number >= 0' }).max(max, atMost(max));
/** A number in [min, max] (a period below `min` would schedule events faster than anything can run). */
export const boundedNumber = (min: number, max = NUMBER_MAX) =>
  z.number({ error: `expected a number >= ${shown(min)}` }).min(min, { error: `expected a number >= ${shown(min)}` }).max(max, atMost(max));
export const probability = () =>
  z.number({ error: 'expected a probability between 0 and 1' }).min(0, { error: 'expected a probability between 0 and 1' }).max(1, { error: 'expected a probability between 0 and 1' });
export const positiveInt = (max = NUMBER_MAX) => z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).min(1, { error: 'expected a positive integer' }).max(max, atMost(max));
export const nonNegativeInt = (max = NUMBER_MAX) => z.number({ error: 'expected an integer >= 0' }).int({ error: 'expected an integer >= 0' }).min(0, { error: 'expected an integer >= 0' }).max(max, atMost(max));
export const identifier = () =>
  z
    .string({ error: 'expected a name (letters, digits, - _ .)' })
    .max(253, { error: 'expected a name of at most 253 characters' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a name (letters, digits, - _ .)' });
