// The timeline page: one panel per variant side by side (the baseline and its counterfactuals), the
// chosen series with its band over seeds (and, for the baseline, over the input ranges), dashed phase
// markers, gaps where a figure is not measured; then an overlay of all variants, the tornado and the
// simulator runs behind every protocol-level figure. Reads /api/timelines and /api/runs/:id/timeline.
import { getJson } from './api.js';

/* global d3 */
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const SERIES = [
  ['crossReach.oneToOne', 'population', 'cross-app reach, 1:1 (share of pairs with no common app)', 100, '%'],
  ['crossReach.groups', 'population', 'cross-app reach, groups', 100, '%'],
  ['crossReach.calls', 'population', 'cross-app reach, calls', 100, '%'],
  ['e2eeCrossPct', 'protocol', 'E2EE share of cross-app messages (measured)', 1, '%'],
  ['exposureCross', 'protocol', 'exposure points per cross-app message (measured)', 1, ''],
  ['exposureAll', 'protocol', 'exposure points per message, all (measured + modelled cleartext)', 1, ''],
  ['fidelityCross', 'protocol', 'feature fidelity, cross-app (measured)', 1, ''],
  ['latencyP95Cross', 'protocol', 'p95 latency, cross-app (measured, ms)', 1, 'ms'],
  ['crossMessages', 'population', 'share of messages crossing apps', 100, '%'],
  ['appsPerUser', 'population', 'apps (accounts) per user', 1, ''],
  ['multiHoming', 'population', 'multi-homing share', 100, '%'],
  ['optedIn', 'population', 'gatekeeper users with third-party chats on', 100, '%'],
  ['gatekeeperMain', 'population', 'gatekeeper main-app share', 100, '%'],
  ['entrantHolds', 'population', 'entrant accounts per user', 1, ''],
];

const el = (tag, attrs = {}, text) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

function bandOf(v, spec, withInputs) {
  const [name, level] = spec;
  const src = level === 'protocol' ? v.protocol : withInputs && v.inputBand ? v.inputBand : v.series;
  return src ? src[name] : undefined;
}

/** One y range for every panel, so the variants compare at a glance. */
function domainOf(bands, scale) {
  const vals = bands.flatMap((b) => [...b.lo, ...b.hi]).filter((x) => x !== null).map((x) => x * scale);
  const hi = d3.max(vals) ?? 0;
  return [Math.min(0, d3.min(vals) ?? 0), hi > 0 ? hi * 1.05 : 1];
}

function chart(container, months, lines, markers, spec, { width = 330, height = 190, domain } = {}) {
  const [, , , scale] = spec;
  const m = { l: 40, r: 8, t: 8, b: 22 };
  const svg = d3.select(container).append('svg').attr('width', width).attr('height', height).attr('role', 'img');
  const x = d3.scaleLinear().domain([0, months.length - 1]).range([m.l, width - m.r]);
  const y = d3.scaleLinear().domain(domain ?? domainOf(lines.map((l) => l.band), scale)).nice().range([height - m.b, m.t]);
  const years = months.map((mm, i) => [mm, i]).filter(([mm]) => mm.endsWith('-01'));
  svg.append('g').attr('class', 'tl-axis').attr('transform', `translate(0,${height - m.b})`).call(d3.axisBottom(x).tickValues(years.map(([, i]) => i)).tickFormat((i) => months[i].slice(0, 4)));
  svg.append('g').attr('class', 'tl-axis').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(4));
  for (const mk of markers) {
    const i = months.indexOf(mk.month);
    if (i < 0) continue;
    svg.append('line').attr('class', 'tl-marker').attr('x1', x(i)).attr('x2', x(i)).attr('y1', m.t).attr('y2', height - m.b).append('title').text(`${mk.month}: ${mk.label}`);
  }
  let anyMeasured = false;
  for (const l of lines) {
    const defined = (i) => l.band.mean[i] !== null && l.band.lo[i] !== null && l.band.hi[i] !== null;
    const idx = months.map((_, i) => i);
    anyMeasured ||= idx.some(defined);
    svg.append('path').datum(idx).attr('fill', l.color).attr('fill-opacity', 0.18).attr('stroke', 'none')
      .attr('d', d3.area().defined(defined).x((i) => x(i)).y0((i) => y(l.band.lo[i] * scale)).y1((i) => y(l.band.hi[i] * scale)));
    svg.append('path').datum(idx).attr('fill', 'none').attr('stroke', l.color).attr('stroke-width', 1.8)
      .attr('d', d3.line().defined(defined).x((i) => x(i)).y((i) => y(l.band.mean[i] * scale)));
  }
  if (!anyMeasured) svg.append('text').attr('class', 'tl-nm').attr('x', width / 2).attr('y', height / 2).attr('text-anchor', 'middle').text('not measured');
}

async function show(id, state) {
  const view = document.getElementById('tl-view');
  const t = state.cache.get(id) ?? (await getJson(`api/runs/${encodeURIComponent(id)}/timeline`));
  state.cache.set(id, t);
  const spec = SERIES.find((s) => s[0] === state.series) ?? SERIES[0];
  const withInputs = document.getElementById('tl-inputband').checked;
  document.getElementById('tl-summary').textContent = `${t.title}: ${t.agents} agents for ${t.population} users, ${t.months.length} months, seeds ${t.seeds.join(', ')}`;
  view.replaceChildren();
  view.append(el('p', { class: 'muted' }, t.question));
  const domain = domainOf(t.variants.map((v, i) => bandOf(v, spec, withInputs && i === 0)).filter((b) => b !== undefined), spec[3]);
  const grid = el('div', { class: 'tl-grid', id: 'tl-panels' });
  view.append(grid);
  t.variants.forEach((v, i) => {
    const band = bandOf(v, spec, withInputs && i === 0);
    const panel = el('div', { class: 'tl-panel', 'data-variant': v.name });
    panel.append(el('h3', {}, v.label), el('p', {}, v.description));
    grid.append(panel);
    chart(panel, t.months, band ? [{ band, color: COLORS[i % COLORS.length] }] : [], v.phases, spec, { domain });
    const ph = el('p', {}, v.phases.map((p) => `${p.month} ${p.label}`).join(' · '));
    panel.append(ph);
  });
  const overlay = el('div', { class: 'tl-panel tl-section', id: 'tl-overlay' });
  overlay.append(el('h3', {}, `${spec[2]}: all variants`));
  view.append(overlay);
  chart(overlay, t.months, t.variants.flatMap((v, i) => {
    const band = bandOf(v, spec, false);
    return band ? [{ band, color: COLORS[i % COLORS.length] }] : [];
  }), t.variants[0].phases, spec, { width: 900, height: 260, domain });
  const legend = el('p');
  t.variants.forEach((v, i) => {
    const s = el('span', { class: 'tl-legend' }, `■ ${v.label}   `);
    s.style.color = COLORS[i % COLORS.length];
    legend.append(s);
  });
  overlay.append(legend);
  if (t.tornado.length > 0) {
    const sec = el('div', { class: 'tl-section', id: 'tl-tornado' });
    sec.append(el('h3', {}, 'What moves each result most (baseline, one input at a time over its range)'));
    for (const r of t.tornado) {
      const table = el('table', { class: 'tl-table' });
      table.append(el('caption', {}, `${r.label} (base ${r.base.toFixed(4)})`));
      for (const b of r.bars.slice(0, 5)) {
        const tr = el('tr');
        tr.append(el('td', {}, b.input), el('td', {}, `${b.low} → ${b.atLow.toFixed(4)}`), el('td', {}, `${b.high} → ${b.atHigh.toFixed(4)}`), el('td', {}, `swing ${b.swing.toFixed(4)}`));
        table.append(tr);
      }
      sec.append(table);
    }
    view.append(sec);
  }
  const runs = el('div', { class: 'tl-section', id: 'tl-runs' });
  runs.append(el('h3', {}, 'Simulator runs behind the protocol-level figures'));
  const table = el('table', { class: 'tl-table' });
  const head = el('tr');
  for (const h of ['carrier', 'world', 'E2EE %', 'exposure/msg', 'fidelity', 'sweep', 'seed: digest']) head.append(el('th', {}, h));
  table.append(head);
  const f = (m, d) => (m === null ? 'not measured' : m.mean.toFixed(d));
  for (const w of t.worlds) {
    const tr = el('tr');
    tr.append(el('td', {}, w.carrier), el('td', {}, w.stands), el('td', {}, f(w.metrics.e2eePreservedPct, 1)), el('td', {}, f(w.metrics.plaintextExposurePerMessage, 2)), el('td', {}, f(w.metrics.featureFidelity, 3)), el('td', {}, w.sweepId), el('td', {}, w.runs.map((r) => `${r.seed}: ${r.digest.slice(0, 12)}`).join(', ')));
    table.append(tr);
  }
  if (t.worlds.length === 0) table.append(el('tr', {}, 'protocol level not run: every protocol-level figure is not measured'));
  runs.append(table);
  for (const n of t.notMeasured) runs.append(el('p', { class: 'muted' }, `not measured: ${n}`));
  view.append(runs);
  document.body.dataset.ready = '1';
}

async function main() {
  const { timelines } = await getJson('api/timelines');
  const sel = document.getElementById('tl-select');
  const ser = document.getElementById('tl-series');
  const state = { cache: new Map(), series: SERIES[0][0] };
  for (const t of timelines) sel.append(el('option', { value: t.id }, t.name));
  for (const s of SERIES) ser.append(el('option', { value: s[0] }, s[2]));
  const params = new URLSearchParams(location.search);
  if (params.get('series')) state.series = ser.value = params.get('series');
  if (timelines.length === 0) {
    document.getElementById('tl-view').replaceChildren(el('p', { class: 'notice' }, 'no timeline folder among the served directories (interop-sim timeline ... --out DIR, then serve DIR)'));
    document.body.dataset.ready = '1';
    return;
  }
  const refresh = () => show(sel.value, state).catch((e) => document.getElementById('tl-view').replaceChildren(el('p', { class: 'errors' }, String(e.message))));
  sel.addEventListener('change', refresh);
  ser.addEventListener('change', () => ((state.series = ser.value), refresh()));
  document.getElementById('tl-inputband').addEventListener('change', refresh);
  await refresh();
}
main();
