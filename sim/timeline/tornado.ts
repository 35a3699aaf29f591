import { INPUT_NAMES, type InputName } from './inputs.ts';
import type { PopulationRun } from './runPopulation.ts';

/** The results the tornado ranks inputs by: a series at a month (-1: the last). */
export const TORNADO_RESULTS = [
  { series: 'crossReach.oneToOne', month: -1, label: 'cross-app 1:1 reach, last month' },
  { series: 'appsPerUser', month: -1, label: 'apps per user, last month' },
  { series: 'multiHoming', month: -1, label: 'multi-homing share, last month' },
  { series: 'gatekeeperMain', month: -1, label: 'gatekeeper main-app share, last month' },
  { series: 'entrantHolds', month: -1, label: 'entrant accounts per user, last month' },
] as const;

export interface TornadoBar {
  readonly input: InputName;
  readonly low: number;
  readonly high: number;
  readonly atLow: number;
  readonly atHigh: number;
  /** |atHigh - atLow|: how much the input moves the result over its range. */
  readonly swing: number;
}

export interface Tornado {
  readonly series: string;
  readonly month: string;
  readonly label: string;
  readonly base: number;
  /** Largest swing first. */
  readonly bars: readonly TornadoBar[];
}

export const valueAt = (r: PopulationRun, series: string, month: number): number => {
  const s = r.series[series] ?? [];
  return s[month < 0 ? s.length + month : Math.min(month, s.length - 1)] ?? NaN;
};

/** One-at-a-time: each input at the low and the high end of its range, the others at their values. */
export function tornado(base: PopulationRun, runs: ReadonlyMap<InputName, { low: number; high: number; atLow: PopulationRun; atHigh: PopulationRun }>): Tornado[] {
  return TORNADO_RESULTS.map((res) => {
    const bars = INPUT_NAMES.flatMap((input) => {
      const r = runs.get(input);
      if (r === undefined) return [];
      const atLow = valueAt(r.atLow, res.series, res.month);
      const atHigh = valueAt(r.atHigh, res.series, res.month);
      return [{ input, low: r.low, high: r.high, atLow, atHigh, swing: Math.abs(atHigh - atLow) }];
    }).sort((a, b) => b.swing - a.swing || a.input.localeCompare(b.input));
    const i = res.month < 0 ? base.months.length + res.month : Math.min(res.month, base.months.length - 1);
    return { series: res.series, month: base.months[i]!, label: res.label, base: valueAt(base, res.series, res.month), bars };
  });
}
