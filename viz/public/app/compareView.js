// Compare: one chart per metric, architectures side by side; bars are means over seeds, error bars
// the 95% confidence interval (Student t over seeds) clamped to the metric's domain, dots the seeds.
// Metrics equal in every architecture collapse into one line; the numbers are also a table; each bar
// and dot opens its run when the compare directory's runs/ are served.
import { el, table } from './dom.js';
import { fmtNum, intervalIn, METRIC_INFO } from './format.js';
import { frame } from './charts.js';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

export function renderCompare(container, compare, { runOf = () => undefined, open = () => {} } = {}) {
  const archs = compare.rows.map((r) => r.architecture);
  const color = d3.scaleOrdinal().domain(archs).range(d3.schemeTableau10);
  container.append(
    el('p', { class: 'compare-head' }, el('strong', { text: `Scenario ${compare.scenario}` }),
      ` - ${compare.rows.length} architectures, ${compare.seeds.length} seeds; bars: mean, error bars: 95% confidence interval (Student t over seeds) clamped to each metric's possible range (0-100% for shares, 0-1 for ratios, at least 0 otherwise), dots: one per seed.`,
      archs.some((a) => runOf(a, compare.seeds[0]) !== undefined) ? ' Click a bar or a dot to open its run.' : ''),
  );
  // Known metrics in the table's order, then any newer ones under their own names.
  const present = new Set(compare.rows.flatMap((r) => Object.keys(r.metrics)));
  const metrics = [...Object.keys(METRIC_INFO).filter((m) => present.has(m)), ...[...present].filter((m) => !(m in METRIC_INFO)).sort()];
  if (metrics.length === 0) {
    container.append(el('p', { class: 'notice', text: 'compare.json holds no metrics.' }));
    return;
  }
  const valuesOf = (m) => compare.rows.flatMap((r) => (r.metrics[m] ? [r.metrics[m].mean, ...r.metrics[m].values] : []));
  const constant = (m) => {
    const vs = valuesOf(m);
    return vs.length > 0 && vs.every((v) => v === vs[0]);
  };
  const flat = metrics.filter(constant);
  const charted = metrics.filter((m) => !constant(m));
  const grid = el('div', { class: 'chart-grid' });
  container.append(grid);
  for (const m of charted) metricChart(grid, m, compare, color, runOf, open);
  if (flat.length > 0) {
    container.append(el('p', { class: 'zero-metrics', id: 'compare-flat' },
      el('strong', { text: 'The same in every architecture and seed: ' }),
      flat.map((m) => `${(METRIC_INFO[m] ?? { label: m }).label} ${fmtNum(valuesOf(m)[0])}${METRIC_INFO[m]?.unit === '%' ? '%' : ''}`).join(' · ')));
  }
  container.append(el('h3', { text: 'The numbers' }));
  const head = ['architecture', ...metrics.map((m) => `${(METRIC_INFO[m] ?? { label: m }).label} (${(METRIC_INFO[m] ?? { unit: '' }).unit})`)];
  const rows = compare.rows.map((r) => [r.architecture, ...metrics.map((m) => cellText(r.metrics[m], METRIC_INFO[m]?.domain))]);
  const t = table(head, rows, 'data compare-table');
  t.id = 'compare-table';
  t.querySelectorAll('tbody td:not(:first-child)').forEach((td) => td.classList.add('num'));
  container.append(el('div', { class: 'list-scroll' }, t));
}

function cellText(e, domain) {
  if (e === undefined || !finite(e.mean)) return '-';
  if (!finite(e.ci95) || e.ci95 === 0) return fmtNum(e.mean);
  const [lo, hi] = intervalIn(e, domain);
  return `${fmtNum(e.mean)} [${fmtNum(lo)}, ${fmtNum(hi)}]`;
}

function metricChart(grid, metric, compare, color, runOf, open) {
  const info = METRIC_INFO[metric] ?? { label: metric, unit: 'value' };
  const rows = compare.rows;
  const cell = el('div', { class: 'chart-cell' });
  grid.append(cell);
  const { svg, g, w, h } = frame(cell, { title: `${info.label} (${info.unit})`, cls: 'metric-chart', width: 360, height: 250, margin: { top: 40, right: 12, bottom: 50, left: 60 } });
  svg.attr('data-metric', metric);
  const data = rows.map((r) => ({ arch: r.architecture, e: r.metrics[metric] })).filter((d) => d.e !== undefined);
  const iv = new Map(data.map((d) => [d.arch, finite(d.e.mean) ? intervalIn(d.e, info.domain) : null]));
  const clamped = [...iv.values()].some((v) => v?.[2]);
  svg.append('text').attr('class', 'ci-note').attr('x', 8).attr('y', 31)
    .text(clamped ? `95% CI clamped to ${domainText(info.domain)} (the t interval reached past it)` : '95% CI: Student t over seeds');
  const x = d3.scaleBand().domain(data.map((d) => d.arch)).range([0, w]).padding(0.28);
  const values = data.flatMap((d) => [...(iv.get(d.arch) ?? []).slice(0, 2), ...d.e.values]).filter(finite);
  const lo = Math.min(0, d3.min(values) ?? 0), hi = Math.max(0, d3.max(values) ?? 1);
  const y = d3.scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([h, 0]);
  g.append('g').attr('class', 'axis').call(d3.axisLeft(y).ticks(5));
  const xa = g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x));
  xa.selectAll('text').attr('transform', 'rotate(-18)').attr('text-anchor', 'end').attr('dx', '-0.2em').attr('dy', '0.9em');
  const bar = g.selectAll('g.arch').data(data).join('g').attr('class', 'arch').attr('data-arch', (d) => d.arch).attr('transform', (d) => `translate(${x(d.arch)},0)`);
  const first = (d) => runOf(d.arch, compare.seeds[0]);
  const link = (sel, idOf) => sel.filter((d) => idOf(d) !== undefined).classed('bar-link', true).attr('role', 'link').attr('data-run', idOf)
    .on('click', (event, d) => {
      event.stopPropagation();
      open(idOf(d));
    });
  const bars = bar.filter((d) => finite(d.e.mean)).append('rect').attr('class', 'bar')
    .attr('y', (d) => y(Math.max(0, d.e.mean))).attr('height', (d) => Math.abs(y(d.e.mean) - y(0))).attr('width', x.bandwidth()).attr('fill', (d) => color(d.arch)).attr('fill-opacity', 0.8);
  link(bars, first);
  const cx = x.bandwidth() / 2;
  const eb = bar.filter((d) => finite(d.e.mean) && finite(d.e.ci95) && d.e.ci95 > 0).append('g').attr('class', 'errorbar');
  const [ivLo, ivHi] = [(d) => iv.get(d.arch)[0], (d) => iv.get(d.arch)[1]];
  eb.attr('data-lo', ivLo).attr('data-hi', ivHi);
  eb.append('line').attr('x1', cx).attr('x2', cx).attr('y1', (d) => y(ivLo(d))).attr('y2', (d) => y(ivHi(d)));
  eb.append('line').attr('x1', cx - 7).attr('x2', cx + 7).attr('y1', (d) => y(ivLo(d))).attr('y2', (d) => y(ivLo(d)));
  eb.append('line').attr('x1', cx - 7).attr('x2', cx + 7).attr('y1', (d) => y(ivHi(d))).attr('y2', (d) => y(ivHi(d)));
  const dots = bar.selectAll('circle.seed').data((d) => d.e.values.map((v, i) => ({ v, i, n: d.e.values.length, arch: d.arch })).filter((s) => finite(s.v))).join('circle').attr('class', 'seed')
    .attr('cx', (s) => cx + (s.n > 1 ? ((s.i / (s.n - 1)) - 0.5) * Math.min(20, x.bandwidth() * 0.6) : 0)).attr('cy', (s) => y(s.v)).attr('r', 3);
  link(dots, (s) => runOf(s.arch, compare.seeds[s.i]));
  dots.append('title').text((s) => `${s.arch}, seed ${compare.seeds[s.i]}: ${fmtNum(s.v)}`);
  bar.filter((d) => !finite(d.e.mean)).append('text').attr('class', 'empty').attr('x', cx).attr('y', h - 6).attr('text-anchor', 'middle').text('n/a');
  bars.append('title').text((d) => {
    const [a, b] = iv.get(d.arch);
    return `${d.arch}: ${fmtNum(d.e.mean)}, 95% CI [${fmtNum(a)}, ${fmtNum(b)}]${iv.get(d.arch)[2] ? ' (clamped)' : ''}\nseeds: ${d.e.values.map((v) => fmtNum(v)).join(', ')}${first(d) ? '\nclick: open this run (first seed)' : ''}`;
  });
}

const domainText = (d) => (d === undefined ? 'its range' : d[1] === Infinity ? `≥ ${d[0]}` : `[${d[0]}, ${d[1]}]`);
