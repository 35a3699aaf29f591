// Compare: one chart per metric, architectures side by side; bars are means over seeds, error bars
// the 95% confidence interval, dots the individual seeds.
import { el } from './dom.js';
import { fmtNum, METRIC_INFO } from './format.js';
import { frame } from './charts.js';

export function renderCompare(container, compare) {
  const archs = compare.rows.map((r) => r.architecture);
  const color = d3.scaleOrdinal().domain(archs).range(d3.schemeTableau10);
  container.append(
    el('p', { class: 'compare-head' }, el('strong', { text: `Scenario ${compare.scenario}` }), ` - ${compare.rows.length} architectures, ${compare.seeds.length} seeds; bars: mean, error bars: 95% confidence interval, dots: one per seed.`),
  );
  const grid = el('div', { class: 'chart-grid' });
  container.append(grid);
  // Known metrics in the table's order, then any newer ones under their own names.
  const present = new Set(compare.rows.flatMap((r) => Object.keys(r.metrics)));
  const metrics = [...Object.keys(METRIC_INFO).filter((m) => present.has(m)), ...[...present].filter((m) => !(m in METRIC_INFO)).sort()];
  for (const m of metrics) metricChart(grid, m, compare.rows, color);
  if (metrics.length === 0) container.append(el('p', { class: 'notice', text: 'compare.json holds no metrics.' }));
}

function metricChart(grid, metric, rows, color) {
  const info = METRIC_INFO[metric] ?? { label: metric, unit: 'value' };
  const cell = el('div', { class: 'chart-cell' });
  grid.append(cell);
  const { svg, g, w, h } = frame(cell, { title: `${info.label} (${info.unit})`, cls: 'metric-chart', width: 360, height: 240, margin: { top: 30, right: 12, bottom: 50, left: 60 } });
  svg.attr('data-metric', metric);
  const data = rows.map((r) => ({ arch: r.architecture, e: r.metrics[metric] })).filter((d) => d.e !== undefined);
  const x = d3.scaleBand().domain(data.map((d) => d.arch)).range([0, w]).padding(0.28);
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  const values = data.flatMap((d) => [finite(d.e.mean) ? d.e.mean - (d.e.ci95 ?? 0) : null, finite(d.e.mean) ? d.e.mean + (d.e.ci95 ?? 0) : null, ...d.e.values]).filter(finite);
  const lo = Math.min(0, d3.min(values) ?? 0), hi = Math.max(0, d3.max(values) ?? 1);
  const y = d3.scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([h, 0]);
  g.append('g').attr('class', 'axis').call(d3.axisLeft(y).ticks(5));
  const xa = g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x));
  xa.selectAll('text').attr('transform', 'rotate(-18)').attr('text-anchor', 'end').attr('dx', '-0.2em').attr('dy', '0.9em');
  const bar = g.selectAll('g.arch').data(data).join('g').attr('class', 'arch').attr('transform', (d) => `translate(${x(d.arch)},0)`);
  bar.filter((d) => finite(d.e.mean)).append('rect').attr('class', 'bar')
    .attr('y', (d) => y(Math.max(0, d.e.mean))).attr('height', (d) => Math.abs(y(d.e.mean) - y(0))).attr('width', x.bandwidth()).attr('fill', (d) => color(d.arch)).attr('fill-opacity', 0.8);
  const cx = x.bandwidth() / 2;
  const eb = bar.filter((d) => finite(d.e.mean) && finite(d.e.ci95) && d.e.ci95 > 0).append('g').attr('class', 'errorbar');
  eb.append('line').attr('x1', cx).attr('x2', cx).attr('y1', (d) => y(d.e.mean - d.e.ci95)).attr('y2', (d) => y(d.e.mean + d.e.ci95));
  eb.append('line').attr('x1', cx - 7).attr('x2', cx + 7).attr('y1', (d) => y(d.e.mean - d.e.ci95)).attr('y2', (d) => y(d.e.mean - d.e.ci95));
  eb.append('line').attr('x1', cx - 7).attr('x2', cx + 7).attr('y1', (d) => y(d.e.mean + d.e.ci95)).attr('y2', (d) => y(d.e.mean + d.e.ci95));
  bar.selectAll('circle.seed').data((d) => d.e.values.filter(finite).map((v, i, all) => ({ v, i, n: all.length }))).join('circle').attr('class', 'seed')
    .attr('cx', (s) => cx + (s.n > 1 ? ((s.i / (s.n - 1)) - 0.5) * Math.min(20, x.bandwidth() * 0.6) : 0)).attr('cy', (s) => y(s.v)).attr('r', 2.5);
  bar.filter((d) => !finite(d.e.mean)).append('text').attr('class', 'empty').attr('x', cx).attr('y', h - 6).attr('text-anchor', 'middle').text('n/a');
  bar.append('title').text((d) => `${d.arch}: ${fmtNum(d.e.mean)} ± ${fmtNum(d.e.ci95)} (95% CI)\nseeds: ${d.e.values.map((v) => fmtNum(v)).join(', ')}`);
}
