import type { SweepResult } from './sweepResult.ts';

const fmt = (v: number) => (!Number.isFinite(v) ? '-' : Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(3) : String(Number(v.toPrecision(4))));

/** The per-point table (mean ± 95% CI over seeds) of up to four metrics, and the failed cells. */
export function formatSweep(r: SweepResult, maxRows = 40): string {
  const metrics = r.metrics.slice(0, 4);
  const header = ['point', ...r.parameters, ...metrics];
  const rows = r.points.slice(0, maxRows).map((p) => [String(p.point), ...r.parameters.map((k) => { const v = p.params[k]; return typeof v === 'number' ? fmt(v) : String(v); }), ...metrics.map((m) => `${fmt(p.metrics[m]!.mean)}±${fmt(p.metrics[m]!.ci95)}`)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const out = [`sweep ${r.name} (${r.id}, code ${r.codeVersion}): ${r.cells.length} cells done, ${r.failed.length} failed; mean ± 95% CI over seeds`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (r.points.length > maxRows) out.push(`... ${r.points.length - maxRows} more points in points.csv`);
  if (r.metrics.length > metrics.length) out.push(`(${r.metrics.length - metrics.length} more metrics in points.csv)`);
  for (const f of r.failed.slice(0, 10)) out.push(`failed: point ${f.point} seed ${f.seed} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}): ${f.error}`);
  if (r.failed.length > 10) out.push(`... ${r.failed.length - 10} more failed cells in results.json`);
  return out.join('\n');
}
