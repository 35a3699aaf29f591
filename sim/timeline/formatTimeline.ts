import type { Band } from './band.ts';
import type { TimelineResult } from './runTimeline.ts';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'not measured' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? 'not measured' : v.toFixed(d));
const withBand = (b: Band | undefined, i: number, f: (v: number | null | undefined) => string, none?: Band) => {
  if (b === undefined) return 'n/a';
  const m = b.mean[i];
  // No cross-app message at all that month: nothing to measure, which is not a missing measurement.
  if ((m === null || m === undefined) && none !== undefined && none.hi[i] === 0) return 'no such messages';
  if (m === null || m === undefined) return 'not measured';
  return b.lo[i] === b.hi[i] ? f(m) : `${f(m)} [${f(b.lo[i])}-${f(b.hi[i])}]`;
};

/** The series at month 6, year 2, year 4 and the last month, per variant; then the runs behind them. */
export function formatTimeline(r: TimelineResult): string {
  const picks = [6, 24, 48, r.months.length - 1].filter((i, j, a) => i < r.months.length && a.indexOf(i) === j);
  const lines: string[] = [`timeline ${r.name}: ${r.title}`, `${r.agents.toLocaleString('en')} sampled agents standing for ${r.population.toLocaleString('en')} users, seeds ${r.seeds.join(', ')}; [low-high] over seeds`];
  for (const v of r.variants) {
    lines.push('', `== ${v.label} (${v.name})`);
    const rows: [string, string[]][] = [
      ['cross-app reach 1:1', picks.map((i) => withBand(v.series['crossReach.oneToOne'], i, pct))],
      ['cross-app reach groups', picks.map((i) => withBand(v.series['crossReach.groups'], i, pct))],
      ['cross-app reach calls', picks.map((i) => withBand(v.series['crossReach.calls'], i, pct))],
      ['contact pairs reachable', picks.map((i) => withBand(v.series['reach.oneToOne'], i, pct))],
      ['cross-app messages', picks.map((i) => withBand(v.series.crossMessages, i, pct))],
      ['E2EE of cross-app msgs', picks.map((i) => withBand(v.protocol.e2eeCrossPct, i, (x) => (x === null || x === undefined ? 'not measured' : `${x.toFixed(1)}%`), v.series.crossMessages))],
      ['exposure/msg cross-app', picks.map((i) => withBand(v.protocol.exposureCross, i, (x) => num(x), v.series.crossMessages))],
      ['exposure/msg all', picks.map((i) => withBand(v.protocol.exposureAll, i, (x) => num(x, 3)))],
      ['fidelity cross-app', picks.map((i) => withBand(v.protocol.fidelityCross, i, (x) => num(x), v.series.crossMessages))],
      ['apps (accounts)/user', picks.map((i) => withBand(v.series.appsPerUser, i, (x) => num(x)))],
      ['multi-homing', picks.map((i) => withBand(v.series.multiHoming, i, pct))],
      ['opted in (gatekeeper)', picks.map((i) => withBand(v.series.optedIn, i, pct))],
      ['gatekeeper main share', picks.map((i) => withBand(v.series.gatekeeperMain, i, pct))],
      ['entrant accounts/user', picks.map((i) => withBand(v.series.entrantHolds, i, (x) => num(x, 4)))],
    ];
    lines.push(['month'.padEnd(24), ...picks.map((i) => `${r.months[i]} (m${i})`.padEnd(26))].join(''));
    for (const [label, cells] of rows) lines.push([label.padEnd(24), ...cells.map((c) => c.padEnd(26))].join(''));
    const last = r.months.length - 1;
    const share = (prefix: string) => r.providers.map((p) => `${p.id} ${pct(v.series[`${prefix}.${p.id}`]?.mean[last])}`).join(', ');
    lines.push(`main app, ${r.months[last]}:    ${share('main')}`);
    lines.push(`holding, ${r.months[last]}:     ${share('holds')}`);
  }
  if (r.tornado.length > 0) {
    lines.push('', 'what moves each result most (baseline, one input at a time over its range):');
    for (const t of r.tornado) lines.push(`  ${t.label}: ${t.bars.slice(0, 3).map((b) => `${b.input} ${b.atLow.toFixed(3)}..${b.atHigh.toFixed(3)}`).join('; ')}`);
  }
  lines.push('', r.worlds.length === 0 ? 'protocol level: not run (every protocol-level figure is "not measured")' : 'protocol-level figures come from these simulator runs (sweep cells):');
  for (const w of r.worlds) {
    const e = w.metrics.e2eePreservedPct, x = w.metrics.plaintextExposurePerMessage, f = w.metrics.featureFidelity, l = w.metrics.latencyP95Ms;
    lines.push(`  ${w.carrier.padEnd(24)} world ${w.worldHash} sweep ${w.sweepId}: E2EE ${e === null ? 'not measured' : e.mean.toFixed(1) + '%'}, exposure/msg ${x === null ? 'not measured' : x.mean.toFixed(2)}, fidelity ${f === null ? 'not measured' : f.mean.toFixed(3)}, p95 ${l === null ? 'not measured' : l.mean.toFixed(0) + ' ms'}`);
    lines.push(`  ${''.padEnd(24)} runs: ${w.runs.map((r) => `seed ${r.seed} digest ${r.digest.slice(0, 12)}`).join(', ')}`);
  }
  for (const n of r.notMeasured) lines.push(`not measured: ${n}`);
  return lines.join('\n');
}
