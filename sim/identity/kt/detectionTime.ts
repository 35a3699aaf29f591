import { elapsed, type Duration, type SimTime } from '../../core/index.ts';
import { describe } from '../quote.ts';
import { nextEpochStart, type EpochSchedule } from './epochSchedule.ts';

/** A substitute binding appended at `appendedAt`, and a monitor checking at `monitorPhase + k·monitorInterval`. */
export interface DetectionScenario {
  readonly appendedAt: SimTime;
  readonly schedule: EpochSchedule;
  readonly monitorInterval: Duration;
  /** The first check's time, in [0, monitorInterval). */
  readonly monitorPhase: Duration;
}

/** When the first head including an entry appended at `t` is published: the next epoch's start. */
export const inclusionTime = (schedule: EpochSchedule, appendedAt: SimTime): SimTime => nextEpochStart(schedule, appendedAt);

/** The first check at or after `t` (a check at the instant a head appears sees it: heads go first). */
export function nextCheckAt(interval: Duration, phase: Duration, t: SimTime): SimTime {
  if (!Number.isSafeInteger(interval) || interval <= 0) throw new RangeError(`monitorInterval: expected a positive integer duration, got ${describe(interval)}`);
  if (!Number.isSafeInteger(phase) || phase < 0 || phase >= interval) throw new RangeError(`monitorPhase: expected an integer in [0, ${interval}), got ${describe(phase)}`);
  if (t <= phase) return phase as number as SimTime;
  return (phase + Math.ceil((t - phase) / interval) * interval) as SimTime;
}

/** When the owner's monitor sees the substitute: the first check after the head that logs it. */
export const detectionTime = (s: DetectionScenario): SimTime => nextCheckAt(s.monitorInterval, s.monitorPhase, inclusionTime(s.schedule, s.appendedAt));

export const detectionDelay = (s: DetectionScenario): Duration => elapsed(s.appendedAt, detectionTime(s));

/**
 * The mean delay for an append time uniform over an epoch and a phase uniform over the interval:
 * period/2 waiting for the head, then interval/2 waiting for the check.
 */
export const meanDetectionDelay = (period: Duration, interval: Duration): Duration => Math.round((period + interval) / 2) as Duration;
