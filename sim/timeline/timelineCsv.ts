import type { TimelineResult } from './runTimeline.ts';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Tidy monthly table: variant, month, level (population | protocol), series, mean, low, high (empty: not measured). */
export function seriesCsv(r: TimelineResult): string {
  const rows: unknown[][] = [['variant', 'month', 'level', 'series', 'mean', 'low', 'high']];
  for (const v of r.variants) {
    for (const [level, group] of [['population', v.series], ['protocol', v.protocol]] as const) {
      for (const [name, b] of Object.entries(group)) r.months.forEach((m, i) => rows.push([v.name, m, level, name, b.mean[i], b.lo[i], b.hi[i]]));
    }
  }
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** One line per result and input: the value at each end of the input's range. */
export function tornadoCsv(r: TimelineResult): string {
  const rows: unknown[][] = [['result', 'month', 'base', 'input', 'low', 'high', 'at_low', 'at_high', 'swing']];
  for (const t of r.tornado) for (const b of t.bars) rows.push([t.series, t.month, t.base, b.input, b.low, b.high, b.atLow, b.atHigh, b.swing]);
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** Every simulator run behind a protocol-level figure. */
export function runsCsv(r: TimelineResult): string {
  const rows: unknown[][] = [['carrier', 'world_hash', 'sweep_id', 'seed', 'digest', 'e2eePreservedPct', 'plaintextExposurePerMessage', 'featureFidelity', 'latencyP95Ms', 'deliveryRatio']];
  for (const w of r.worlds) for (const run of w.runs) rows.push([w.carrier, w.worldHash, w.sweepId, run.seed, run.digest, run.metrics.e2eePreservedPct, run.metrics.plaintextExposurePerMessage, run.metrics.featureFidelity, run.metrics.latencyP95Ms, run.metrics.deliveryRatio]);
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
