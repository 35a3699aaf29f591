import type { Brand } from './brand.ts';

/**
 * Virtual time in integer microseconds. Integer time (as in ns-3 and OMNeT++) keeps event order exact
 * on every machine; a float of seconds would not. 2^53 µs is about 285 years, far beyond any run.
 */
export type SimTime = Brand<number, 'SimTime'>;

/** A span of virtual time in integer microseconds. */
export type Duration = Brand<number, 'Duration'>;

export const ZERO = 0 as SimTime;

function integerMicros(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what}: expected a finite number, got ${value}`);
  return Math.round(value);
}

export const micros = (n: number): Duration => integerMicros(n, 'micros') as Duration;
export const millis = (n: number): Duration => integerMicros(n * 1_000, 'millis') as Duration;
export const seconds = (n: number): Duration => integerMicros(n * 1_000_000, 'seconds') as Duration;

export const at = (micros: number): SimTime => integerMicros(micros, 'at') as SimTime;
export const after = (t: SimTime, d: Duration): SimTime => (t + d) as SimTime;
export const elapsed = (from: SimTime, to: SimTime): Duration => (to - from) as Duration;
export const laterOf = (a: SimTime, b: SimTime): SimTime => (a > b ? a : b);

export const toMillis = (d: Duration | SimTime): number => d / 1_000;
export const toSeconds = (d: Duration | SimTime): number => d / 1_000_000;

/** `12.345678s`: exact, fixed width after the point, for traces and logs. */
export function formatTime(t: SimTime | Duration): string {
  const sign = t < 0 ? '-' : '';
  const abs = Math.abs(t);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}s`;
}
