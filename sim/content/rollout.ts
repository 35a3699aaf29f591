// How a capability spreads through a population over time. Pure functions of time in seconds (the
// caller converts its clock); a client's own uniform draw u in [0, 1) decides when it upgrades, so the
// same client stays upgraded once it has (every curve is non-decreasing) and a population of draws
// follows the curve.
import type { ClientCapabilities } from './capabilities.ts';
import { describe, requireFinite, requireRecord } from './check.ts';

export type RolloutCurve =
  /** A closed provider forces the upgrade: nobody before `at`, everybody from `at + rampSeconds`; in
   *  between a fast logistic from 1% to 99% (a step when rampSeconds is 0). */
  | { readonly kind: 'forced'; readonly at: number; readonly rampSeconds: number }
  /** ceiling / (1 + e^(-steepness (t - midpoint))): app-store style organic adoption. */
  | { readonly kind: 'logistic'; readonly midpoint: number; readonly steepness: number; readonly ceiling: number }
  /** 0 until `start`, `ceiling` from `end`, linear in between. */
  | { readonly kind: 'linear'; readonly start: number; readonly end: number; readonly ceiling: number };

function ceilingOf(value: unknown, field: string): number {
  if (value === undefined) return 1;
  const c = requireFinite(value, field);
  if (c <= 0 || c > 1) throw new RangeError(`${field}: expected a share in (0, 1], got ${c}`);
  return c;
}

/** Validates a curve; `ceiling` (the share that ever upgrades) defaults to 1. */
export function rolloutCurve(value: unknown, field = 'curve'): RolloutCurve {
  const r = requireRecord(value, field);
  switch (r.kind) {
    case 'forced': {
      const ramp = requireFinite(r.rampSeconds ?? 0, `${field}.rampSeconds`);
      if (ramp < 0) throw new RangeError(`${field}.rampSeconds: expected >= 0, got ${ramp}`);
      return { kind: 'forced', at: requireFinite(r.at, `${field}.at`), rampSeconds: ramp };
    }
    case 'logistic': {
      const steepness = requireFinite(r.steepness, `${field}.steepness`);
      if (steepness <= 0) throw new RangeError(`${field}.steepness: expected > 0 (per second), got ${steepness}`);
      return { kind: 'logistic', midpoint: requireFinite(r.midpoint, `${field}.midpoint`), steepness, ceiling: ceilingOf(r.ceiling, `${field}.ceiling`) };
    }
    case 'linear': {
      const start = requireFinite(r.start, `${field}.start`);
      const end = requireFinite(r.end, `${field}.end`);
      if (end < start) throw new RangeError(`${field}.end: expected >= start (${start}), got ${end}`);
      return { kind: 'linear', start, end, ceiling: ceilingOf(r.ceiling, `${field}.ceiling`) };
    }
    default:
      throw new RangeError(`${field}.kind: expected 'forced', 'logistic' or 'linear', got ${describe(r.kind)}`);
  }
}

export const forced = (at: number, rampSeconds = 0): RolloutCurve => rolloutCurve({ kind: 'forced', at, rampSeconds });
export const logistic = (midpoint: number, steepness: number, ceiling = 1): RolloutCurve => rolloutCurve({ kind: 'logistic', midpoint, steepness, ceiling });
export const linear = (start: number, end: number, ceiling = 1): RolloutCurve => rolloutCurve({ kind: 'linear', start, end, ceiling });

/** Steepness that takes a logistic from 1% to 99% in `seconds`: 2 ln 99 / seconds. */
const rampSteepness = (seconds: number): number => (2 * Math.log(99)) / seconds;

/** The share of the population upgraded at time `t` (seconds), in [0, 1]. */
export function adoptedShare(curve: RolloutCurve, t: number): number {
  requireFinite(t, 't');
  switch (curve.kind) {
    case 'forced': {
      if (t < curve.at) return 0;
      if (t >= curve.at + curve.rampSeconds) return 1;
      return 1 / (1 + Math.exp(-rampSteepness(curve.rampSeconds) * (t - curve.at - curve.rampSeconds / 2)));
    }
    case 'logistic':
      return curve.ceiling / (1 + Math.exp(-curve.steepness * (t - curve.midpoint)));
    case 'linear':
      if (t >= curve.end) return curve.ceiling;
      if (t <= curve.start) return 0;
      return (curve.ceiling * (t - curve.start)) / (curve.end - curve.start);
    default: {
      const never: never = curve;
      throw new Error(`unhandled curve ${JSON.stringify(never)}`);
    }
  }
}

function draw(u: unknown): number {
  const v = requireFinite(u, 'u');
  if (v < 0 || v >= 1) throw new RangeError(`u: expected a uniform draw in [0, 1), got ${v}`);
  return v;
}

/** Whether the client with draw `u` has upgraded by `t`: it is among the first adoptedShare(t) of the population. */
export const hasUpgraded = (curve: RolloutCurve, u: number, t: number): boolean => draw(u) < adoptedShare(curve, t);

export interface UpgradeStage {
  readonly curve: RolloutCurve;
  readonly capabilities: ClientCapabilities;
}

/** The capabilities of the client with draw `u` at `t`: those of the last stage it has adopted, else `initial`. */
export function capabilitiesAt(initial: ClientCapabilities, stages: readonly UpgradeStage[], u: number, t: number): ClientCapabilities {
  let current = initial;
  for (const s of stages) if (hasUpgraded(s.curve, u, t)) current = s.capabilities;
  return current;
}
