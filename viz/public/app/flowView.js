// Message flow: a sequence diagram, one lane per entity, one arrow per hop (hop-enqueue) or loss
// (wire-drop). Colour says protection; dashed lines with open heads are MLS handshake traffic.
import { el } from './dom.js';
import { fmtBytes, fmtTime, timeTicks } from './format.js';
import { CLASSES, CLASS_COLOR, CLASS_LABEL, EXPOSE_LABEL, kindColor, roleOf } from './palette.js';

const LEFT = 86;
const HEADER_H = 46;

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

/** The y scale: `compressed` spaces distinct instants evenly (order kept, bursts readable); `linear` is true time. */
function timeScale(flow, mode) {
  const times = new Set();
  for (const a of flow.arrows) times.add(a.t0).add(a.t1);
  for (const m of flow.marks) times.add(m.t);
  if (times.size === 0) times.add(flow.from);
  const sorted = [...times].sort((a, b) => a - b);
  if (mode === 'linear') {
    const height = clamp(flow.arrows.length * 10, 320, 16000);
    const hi = sorted[sorted.length - 1] > sorted[0] ? sorted[sorted.length - 1] : sorted[0] + 1;
    const y = d3.scaleLinear().domain([sorted[0], hi]).range([24, height - 24]);
    return { y, height, ticks: y.ticks(Math.max(4, Math.round(height / 70))) };
  }
  const height = clamp(sorted.length * 9, 320, 20000);
  if (sorted.length === 1) sorted.push(sorted[0] + 1);
  const step = (height - 48) / (sorted.length - 1);
  const y = d3.scaleLinear().domain(sorted).range(sorted.map((_, i) => 24 + i * step));
  const every = Math.max(1, Math.round(60 / step));
  return { y, height, ticks: sorted.filter((_, i) => i % every === 0) };
}

/** The smallest gap between ticks, times five: what the labels must tell apart. */
function tickSpacing(ticks) {
  let gap = Infinity;
  for (let i = 1; i < ticks.length; i++) if (ticks[i] > ticks[i - 1]) gap = Math.min(gap, ticks[i] - ticks[i - 1]);
  return Number.isFinite(gap) ? gap * 5 : 1e6;
}

function defs(svg) {
  const d = svg.append('defs');
  for (const c of CLASSES) {
    d.append('marker').attr('id', `head-${c}`).attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5).attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 9).attr('markerHeight', 9).attr('orient', 'auto-start-reverse')
      .append('path').attr('d', 'M0,0 L10,5 L0,10 z').attr('fill', CLASS_COLOR[c]);
    d.append('marker').attr('id', `open-${c}`).attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5).attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 10).attr('markerHeight', 10).attr('orient', 'auto-start-reverse')
      .append('path').attr('d', 'M1,1 L9,5 L1,9').attr('fill', 'none').attr('stroke', CLASS_COLOR[c]).attr('stroke-width', 1.5);
  }
  d.append('marker').attr('id', 'lost').attr('viewBox', '0 0 10 10').attr('refX', 5).attr('refY', 5).attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 12).attr('markerHeight', 12)
    .append('path').attr('d', 'M1,1 L9,9 M9,1 L1,9').attr('stroke', CLASS_COLOR.dropped).attr('stroke-width', 2.2);
}

function arrowPath(d, x, y) {
  const x0 = x(d.a), x1 = x(d.b), y0 = y(d.t0), y1 = y(d.t1);
  if (d.a === d.b) return `M${x0},${y0} C${x0 + 36},${y0} ${x0 + 36},${y1 + 8} ${x0 + 6},${y1 + 4}`;
  return `M${x0},${y0} L${x1},${y1}`;
}

export function flowLegend() {
  const items = CLASSES.map((c) => {
    const role = c === 'handshake' ? 'handshake' : c === 'control' ? 'control' : 'application';
    const sw = el('span', { class: `swatch line cls-${c} role-${role}` });
    return el('li', {}, sw, CLASS_LABEL[c]);
  });
  items.push(el('li', {}, el('span', { class: 'swatch mark-expose' }), 'decrypted by a party that is not an intended endpoint (attacker, bridge, ghost, stranger)'));
  items.push(el('li', {}, el('span', { class: 'swatch mark-x', text: 'x' }), 'lost on the wire / rejected'));
  return el('ul', { class: 'legend' }, items);
}

/**
 * Draws `flow` (a FlowWindow from /api/runs/:id/flow) into `container`. Calls `onSelect(arrow)` on a
 * click. Returns `highlight(arrow | null)`, which emphasises every hop of the same message (or envelope).
 */
export function renderFlow(container, flow, { onSelect, timeMode = 'compressed' } = {}) {
  const lanes = flow.lanes;
  // Lanes share the available width, within limits; a wide run scrolls sideways.
  const LANE_W = clamp(Math.floor(((container.clientWidth || 900) - LEFT - 30) / Math.max(1, lanes.length)), 84, 150);
  const width = LEFT + lanes.length * LANE_W + 30;
  const x = (i) => LEFT + LANE_W / 2 + i * LANE_W;
  const { y, height, ticks } = timeScale(flow, timeMode);
  const scroll = el('div', { class: 'flow-scroll' });
  const head = el('div', { class: 'flow-head' });
  scroll.append(head);
  container.append(scroll);

  const header = d3.select(head).append('svg').attr('class', 'flow-header').attr('width', width).attr('height', HEADER_H);
  const laneHead = header.selectAll('g').data(lanes).join('g').attr('transform', (_, i) => `translate(${x(i)},0)`).attr('class', 'lane-head');
  laneHead.append('rect').attr('x', -LANE_W / 2 + 4).attr('y', 6).attr('width', LANE_W - 8).attr('height', HEADER_H - 12).attr('rx', 5)
    .attr('fill', (l) => kindColor(l.kind)).attr('fill-opacity', 0.25).attr('stroke', (l) => kindColor(l.kind));
  const fit = (s) => {
    const max = Math.floor(LANE_W / 7);
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  laneHead.append('text').attr('text-anchor', 'middle').attr('y', (l) => (l.nodes > 1 ? HEADER_H / 2 - 2 : HEADER_H / 2 + 4)).text((l) => fit(l.label));
  laneHead.filter((l) => l.nodes > 1).append('text').attr('class', 'lane-count').attr('text-anchor', 'middle').attr('y', HEADER_H / 2 + 11).text((l) => `${l.nodes} devices`);
  laneHead.append('title').text((l) => `${l.label} (${l.kind}${l.nodes > 1 ? `, ${l.nodes} nodes` : ''})`);

  const svg = d3.select(scroll).append('svg').attr('id', 'flow-svg').attr('class', 'flow-svg').attr('width', width).attr('height', height);
  defs(svg);
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${LEFT - 8},0)`).call(d3.axisLeft(y).tickValues(ticks).tickFormat(timeTicks(tickSpacing(ticks))));
  svg.append('g').attr('class', 'lanes').selectAll('line').data(lanes).join('line')
    .attr('x1', (_, i) => x(i)).attr('x2', (_, i) => x(i)).attr('y1', 0).attr('y2', height);

  const laneName = (i) => lanes[i]?.label ?? '?';
  // Drawn last, so on top where arrows cross: the hops worth a closer look.
  const Z = { e2ee: 0, control: 0, handshake: 0, reencrypted: 1, plaintext: 1, rejected: 2, dropped: 3 };
  const shown = flow.arrows.filter((a) => a.a >= 0 && a.b >= 0).sort((p, q) => (Z[p.cls] ?? 0) - (Z[q.cls] ?? 0) || p.id - q.id);
  const arrows = svg.append('g').attr('class', 'arrows').selectAll('g').data(shown).join('g')
    .attr('class', (d) => `arrow cls-${d.cls} role-${roleOf(d)}`)
    .attr('data-id', (d) => d.id)
    .attr('data-msg', (d) => d.msg ?? '')
    .attr('data-env', (d) => d.env);
  arrows.append('path').attr('class', 'line').attr('d', (d) => arrowPath(d, x, y))
    .attr('marker-end', (d) => (d.cls === 'dropped' ? 'url(#lost)' : roleOf(d) === 'application' ? `url(#head-${d.cls})` : `url(#open-${d.cls})`));
  arrows.append('path').attr('class', 'hit').attr('d', (d) => arrowPath(d, x, y));
  arrows.append('title').text((d) => {
    const what = d.msg ?? `${d.kind} ${d.env}`;
    const lost = d.cls === 'dropped' ? `\nlost: ${d.reason ?? 'dropped'}` : '';
    return `${what} (${d.kind}): ${laneName(d.a)} -> ${laneName(d.b)}\n${fmtBytes(d.bytes)}, ${fmtTime(d.t0)} -> ${fmtTime(d.t1)}${lost}`;
  });

  const marks = svg.append('g').attr('class', 'marks').selectAll('g').data(flow.marks.filter((m) => m.lane >= 0)).join('g')
    .attr('class', (m) => `mark mark-${m.type}`)
    .attr('transform', (m) => `translate(${x(m.lane)},${y(m.t)})`);
  marks.filter((m) => m.type === 'expose').append('circle').attr('r', 5);
  // Labels on the right half of the lanes read leftwards, so the last lane's stay on screen.
  const leftwards = (m) => m.lane >= lanes.length / 2;
  marks.filter((m) => m.type === 'expose').append('text').attr('x', (m) => (leftwards(m) ? -8 : 8)).attr('text-anchor', (m) => (leftwards(m) ? 'end' : 'start'))
    .attr('dy', '0.35em').text((m) => `${m.as ?? 'party'} read ${m.msg}`);
  marks.filter((m) => m.type === 'reject').append('text').attr('class', 'x').attr('text-anchor', 'middle').attr('dy', '0.35em').text('✕');
  marks.append('title').text((m) => (m.type === 'reject' ? `${m.by} rejected ${m.msg} at ${fmtTime(m.t)}` : `${m.by} (${EXPOSE_LABEL[m.as] ?? m.as}) decrypted ${m.msg} at ${fmtTime(m.t)}: not an intended endpoint`));

  let selected = null;
  const highlight = (a) => {
    selected = a;
    const same = (d) => a !== null && (a.msg !== null ? d.msg === a.msg : d.env === a.env);
    arrows.classed('selected', (d) => same(d)).classed('faded', (d) => a !== null && !same(d));
  };
  arrows.on('click', (event, d) => {
    event.stopPropagation();
    highlight(d);
    onSelect?.(d);
  });
  svg.on('click', () => {
    if (selected !== null) highlight(null);
    onSelect?.(null);
  });
  return { highlight, count: shown.length };
}
