// Sweep: a sweep's output folder (interop-sim sweep --out). Progress (cells done, failed, running; the
// page re-reads the folder every few seconds while the sweep runs), one chart per metric and parameter
// (each point's mean over seeds with its 95% confidence interval, dots the seeds), the failed cells with
// their errors, and every cell's numbers; a cell whose run was kept (`sweep --keep-runs`) opens it.
import { el, table } from './dom.js';
import { fmtNum, intervalIn, METRIC_INFO } from './format.js';
import { frame } from './charts.js';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);
const cellKey = (point, seed) => `p${point}-s${seed}`;

export function renderSweep(container, data, { open = () => {} } = {}) {
  const { progress: p, result: r, runs } = data;
  const name = r?.name ?? p?.name ?? '?';
  const total = p?.total ?? (r ? r.cells.length + r.failed.length : 0);
  const done = p?.done ?? r?.cells.length ?? 0;
  const failed = p?.failed ?? r?.failed.length ?? 0;
  const state = p?.state ?? (r ? 'finished' : 'unknown');
  const head = el('div', { class: 'sweep-head', id: 'sweep-progress', 'data-state': state });
  const pct = (n) => (total > 0 ? (100 * n) / total : 0);
  head.append(
    el('p', {}, el('strong', { text: `Sweep ${name}` }), ` (${r?.id ?? p?.id ?? ''}) - ${state}: ${done} of ${total} cells done, ${failed} failed${p?.active ? `, ${p.active} running` : ''}.`),
    el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-valuenow': String(done + failed) },
      el('span', { class: 'progress-done', 'data-pct': pct(done).toFixed(1) }),
      el('span', { class: 'progress-failed', 'data-pct': pct(failed).toFixed(1) })),
  );
  container.append(head);
  // Widths through the CSSOM (the page's policy forbids inline style attributes).
  head.querySelector('.progress-done').style.width = `${pct(done)}%`;
  head.querySelector('.progress-failed').style.width = `${pct(failed)}%`;
  if (state === 'stopped') head.append(el('p', { class: 'notice', text: 'The coordinator stopped before every cell was done: run the same `interop-sim sweep` command again to finish (cells done are kept).' }));
  if (r === undefined) {
    container.append(el('p', { class: 'notice', text: 'No results yet: the table and charts appear after the first cells finish.' }));
    return;
  }
  const kept = (point, seed) => runs?.[cellKey(point, seed)];
  container.append(el('p', { class: 'muted', text: `${r.parameters.length} parameter(s), ${r.points.length} point(s) with results. One chart per metric and parameter: each point at its value of that parameter (points that share it, differing in the others, side by side); squares: mean over seeds, bars: 95% confidence interval (Student t over seeds) clamped to the metric's range, dots: one per seed.${Object.keys(runs ?? {}).length > 0 ? ' Click a dot to open its run.' : ''}` }));
  const grid = el('div', { class: 'chart-grid', id: 'sweep-charts' });
  container.append(grid);
  for (const m of r.metrics) for (const param of r.parameters) metricChart(grid, r, m, param, kept, open);

  if (r.failed.length > 0) {
    container.append(el('h3', { text: `Failed cells (${r.failed.length})` }));
    container.append(el('ul', { class: 'errors', id: 'sweep-failed' }, r.failed.map((f) => el('li', { text: `point ${f.point}, seed ${f.seed} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}): ${f.error}` }))));
  }
  container.append(el('h3', { text: 'Cells' }));
  const headers = ['point', 'seed', ...r.parameters, ...r.metrics, 'digest', 'run'];
  const rows = r.cells.map((c) => {
    const id = kept(c.point, c.seed);
    const link = id !== undefined ? el('button', { type: 'button', class: 'link', 'data-run': id, text: 'open', onclick: () => open(id) }) : '-';
    return [String(c.point), c.seed, ...r.parameters.map((k) => String(c.params[k])), ...r.metrics.map((m) => (finite(c.metrics[m]) ? fmtNum(c.metrics[m]) : '-')), c.digest.slice(0, 12), link];
  });
  const t = table(headers, rows, 'data sweep-table');
  t.id = 'sweep-table';
  container.append(el('div', { class: 'list-scroll' }, t));
}

function metricChart(grid, r, metric, param, kept, open) {
  const info = METRIC_INFO[metric] ?? { label: metric, unit: 'value' };
  const cell = el('div', { class: 'chart-cell' });
  grid.append(cell);
  // The parameter is the x axis's label: the title stays short enough to fit.
  const { svg, g, w, h } = frame(cell, { title: `${info.label}${info.unit && info.unit !== 'value' ? ` (${info.unit})` : ''}`, cls: 'metric-chart', width: 360, height: 250, margin: { top: 34, right: 14, bottom: 44, left: 60 } });
  svg.attr('data-metric', metric).attr('data-param', param);
  const pts = r.points.map((p) => ({ p, x: p.params[param], e: p.metrics[metric] })).filter((d) => d.e !== undefined);
  const numeric = pts.every((d) => typeof d.x === 'number');
  const x = numeric
    ? d3.scaleLinear().domain(d3.extent(pts, (d) => d.x)).nice().range([24, w - 28])
    : d3.scalePoint().domain([...new Set(pts.map((d) => String(d.x)))]).range([0, w]).padding(0.5);
  if (numeric && x.domain()[0] === x.domain()[1]) x.domain([x.domain()[0] - 1, x.domain()[0] + 1]);
  // Points that share this parameter's value (other parameters differ) sit side by side, not on top of each other.
  const rank = new Map();
  const byValue = d3.group(pts, (d) => String(d.x));
  for (const group of byValue.values()) group.forEach((d, i) => rank.set(d.p.point, (i - (group.length - 1) / 2) * 16));
  const at = (d) => (numeric ? x(d.x) : x(String(d.x))) + (rank.get(d.p.point) ?? 0);
  const seedsOf = (d) => d.p.seeds.map((seed) => ({ seed, v: r.cells.find((c) => c.point === d.p.point && c.seed === seed)?.metrics[metric], point: d.p.point, cx: at(d) + 7 })).filter((s) => finite(s.v));
  const iv = (d) => intervalIn(d.e, info.domain);
  const values = pts.flatMap((d) => (finite(d.e.mean) ? [...iv(d).slice(0, 2), ...seedsOf(d).map((s) => s.v)] : [])).filter(finite);
  const lo = Math.min(0, d3.min(values) ?? 0), hi = Math.max(0, d3.max(values) ?? 1);
  const y = d3.scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([h, 0]);
  g.append('g').attr('class', 'axis').call(d3.axisLeft(y).ticks(5));
  g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h})`).call(numeric ? d3.axisBottom(x).ticks(5) : d3.axisBottom(x));
  g.append('text').attr('class', 'axis-label').attr('x', w / 2).attr('y', h + 36).attr('text-anchor', 'middle').text(param);
  const shown = pts.filter((d) => finite(d.e.mean));
  const eb = g.selectAll('g.errorbar').data(shown.filter((d) => finite(d.e.ci95) && d.e.ci95 > 0)).join('g').attr('class', 'errorbar').attr('data-point', (d) => d.p.point);
  eb.append('line').attr('x1', at).attr('x2', at).attr('y1', (d) => y(iv(d)[0])).attr('y2', (d) => y(iv(d)[1]));
  eb.append('line').attr('x1', (d) => at(d) - 5).attr('x2', (d) => at(d) + 5).attr('y1', (d) => y(iv(d)[0])).attr('y2', (d) => y(iv(d)[0]));
  eb.append('line').attr('x1', (d) => at(d) - 5).attr('x2', (d) => at(d) + 5).attr('y1', (d) => y(iv(d)[1])).attr('y2', (d) => y(iv(d)[1]));
  const means = g.selectAll('rect.mean').data(shown).join('rect').attr('class', 'mean').attr('x', (d) => at(d) - 4).attr('y', (d) => y(d.e.mean) - 4).attr('width', 8).attr('height', 8).attr('fill', '#4c72b0');
  means.append('title').text((d) => {
    const [a, b] = iv(d);
    return `point ${d.p.point} (${Object.entries(d.p.params).map(([k, v]) => `${k}=${v}`).join(', ')}): ${fmtNum(d.e.mean)}, 95% CI [${fmtNum(a)}, ${fmtNum(b)}] over ${d.p.seeds.length} seed(s)`;
  });
  const dots = g.selectAll('circle.seed').data(shown.flatMap(seedsOf)).join('circle').attr('class', 'seed')
    .attr('cx', (s) => s.cx).attr('cy', (s) => y(s.v)).attr('r', 2.5).attr('fill', '#dd8452');
  dots.filter((s) => kept(s.point, s.seed) !== undefined).classed('bar-link', true).attr('role', 'link').attr('data-run', (s) => kept(s.point, s.seed))
    .on('click', (event, s) => {
      event.stopPropagation();
      open(kept(s.point, s.seed));
    });
  dots.append('title').text((s) => `point ${s.point}, seed ${s.seed}: ${fmtNum(s.v)}${kept(s.point, s.seed) ? '\nclick: open this run' : ''}`);
  if (shown.length === 0) g.append('text').attr('class', 'empty').attr('x', w / 2).attr('y', h / 2).attr('text-anchor', 'middle').text('no data');
}
