import { seconds, ZERO, type Duration, type SimTime } from '../../core/index.ts';
import { describe } from '../quote.ts';

/**
 * When a log publishes: epoch e starts at `origin + e·period`, and its signed tree head is published
 * then, covering every entry appended before it. Epoch numbers before `origin` are negative.
 */
export interface EpochSchedule {
  readonly origin: SimTime;
  readonly period: Duration;
}

/** The figure for WhatsApp's deployed key-transparency log: about one epoch per 48 s. */
export const DEFAULT_EPOCH_PERIOD: Duration = seconds(48);

export function epochSchedule(period: Duration = DEFAULT_EPOCH_PERIOD, origin: SimTime = ZERO): EpochSchedule {
  if (!Number.isSafeInteger(period) || period <= 0) throw new RangeError(`period: expected a positive integer duration, got ${describe(period)}`);
  if (!Number.isSafeInteger(origin) || origin < 0) throw new RangeError(`origin: expected a non-negative integer time, got ${describe(origin)}`);
  return { origin, period };
}

/** The epoch in force at `t`: floor((t - origin) / period). */
export const epochAt = (s: EpochSchedule, t: SimTime): number => Math.floor((t - s.origin) / s.period);

export const epochStart = (s: EpochSchedule, epoch: number): SimTime => (s.origin + epoch * s.period) as SimTime;

/** The start of the first epoch after the one in force at `t`: when what is appended at `t` is published. */
export const nextEpochStart = (s: EpochSchedule, t: SimTime): SimTime => epochStart(s, epochAt(s, t) + 1);
