import type { SweepResult } from './sweepResult.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (!Number.isFinite(v) ? '-' : Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(3) : String(Number(v.toPrecision(4))));

/**
 * index.html beside the results: the charts, the per-point table (mean ± 95% CI over seeds) and the
 * failed cells, readable offline in any browser (no script, no server).
 */
export function sweepPage(r: SweepResult): string {
  const head = ['point', ...r.parameters, 'seeds', ...r.metrics].map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = r.points
    .map((p) => `<tr><td>${p.point}</td>${r.parameters.map((k) => `<td>${esc(String(p.params[k]))}</td>`).join('')}<td>${p.seeds.length}</td>${r.metrics.map((m) => `<td>${fmt(p.metrics[m]!.mean)} ± ${fmt(p.metrics[m]!.ci95)}</td>`).join('')}</tr>`)
    .join('\n');
  const failed = r.failed.length === 0 ? '<p>No cell failed.</p>' : `<ul>${r.failed.map((f) => `<li>point ${f.point}, seed ${esc(f.seed)} (${f.attempts} attempts): ${esc(f.error)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sweep ${esc(r.name)}</title>
<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}img{max-width:100%;border:1px solid #eee;margin:6px 0}code{background:#f4f4f4;padding:0 3px}</style>
</head><body>
<h1>sweep ${esc(r.name)}</h1>
<p>id <code>${esc(r.id)}</code>, code version <code>${esc(r.codeVersion)}</code>: ${r.cells.length} cells done, ${r.failed.length} failed. Data: <a href="results.json">results.json</a>, <a href="cells.csv">cells.csv</a> (one line per cell), <a href="points.csv">points.csv</a> (per point).</p>
<h2>Charts</h2>
${r.metrics.map((m) => `<h3>${esc(m)}</h3>\n<img src="charts/${encodeURIComponent(m)}.svg" alt="${esc(m)} against each parameter">`).join('\n')}
<h2>Points (mean ± 95% CI over seeds)</h2>
<table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<h2>Failed cells</h2>
${failed}
</body></html>
`;
}
