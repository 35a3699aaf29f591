import { formatTime, type SimTime } from '../core/index.ts';
import type { ProviderId } from './providerId.ts';

/** One provider holding one name (number or handle) over [from, until); `until` absent while it lasts. */
export interface Registration {
  readonly provider: ProviderId;
  readonly from: SimTime;
  readonly until: SimTime | undefined;
}

export const activeAt = (r: Registration, t: SimTime): boolean => r.from <= t && (r.until === undefined || t < r.until);

/**
 * History is append-only in time: a change before the last recorded one could contradict lookups
 * already answered, so it is refused rather than spliced in.
 */
export function requireNotBefore(op: string, name: string, t: SimTime, last: SimTime | undefined): void {
  if (last !== undefined && t < last) {
    throw new RangeError(`${op}: time ${formatTime(t)} is before the last change to ${JSON.stringify(name)} at ${formatTime(last)}`);
  }
}

export function lastChange(history: readonly Registration[]): SimTime | undefined {
  let last: SimTime | undefined;
  for (const r of history) {
    const t = r.until ?? r.from;
    if (last === undefined || t > last) last = t;
  }
  return last;
}

export function addRegistration(op: string, name: string, history: readonly Registration[], provider: ProviderId, t: SimTime): Registration[] {
  requireNotBefore(op, name, t, lastChange(history));
  if (history.some((r) => r.provider === provider && activeAt(r, t))) {
    throw new RangeError(`${op}: ${JSON.stringify(name)} is already registered at ${provider}`);
  }
  return [...history, { provider, from: t, until: undefined }];
}

export function endRegistration(op: string, name: string, history: readonly Registration[], provider: ProviderId, t: SimTime): Registration[] {
  requireNotBefore(op, name, t, lastChange(history));
  const i = history.findIndex((r) => r.provider === provider && activeAt(r, t));
  if (i < 0) throw new RangeError(`${op}: ${JSON.stringify(name)} is not registered at ${provider}`);
  const out = history.slice();
  out[i] = { ...history[i]!, until: t };
  return out;
}
