// Provider matrix: one row and one column per provider (its devices included), then other servers and
// attackers. Rows send, columns receive; a cell's shade is bytes, message copies or decryptions by a
// party that is not an intended endpoint. Stays readable at 20+ providers, where a node-link drawing
// of every pair does not.
import { el } from './dom.js';
import { fmtBytes, fmtNum } from './format.js';
import { EXPOSED_COLOR, kindColor } from './palette.js';

const METRICS = {
  bytes: { label: 'wire bytes (every hop, handshakes included)', fmt: fmtBytes, scheme: d3.interpolateBlues },
  messages: { label: 'application-message copies (sender → recipient)', fmt: (v) => fmtNum(v), scheme: d3.interpolateGreens },
  exposures: { label: 'decryptions by a party that is not an intended endpoint (sender → reader)', fmt: (v) => fmtNum(v), scheme: d3.interpolateRdPu },
};

export function renderMatrix(container, matrix, { metric = 'bytes' } = {}) {
  const select = el('select', { id: 'matrix-metric', 'aria-label': 'matrix metric' }, Object.entries(METRICS).map(([k, m]) => el('option', { value: k, text: m.label })));
  select.value = metric;
  const note = el('p', { class: 'matrix-note' });
  const wrap = el('div', { class: 'matrix-wrap' });
  container.append(el('div', { class: 'controls' }, 'shade', select), note, wrap);
  const draw = () => {
    wrap.replaceChildren();
    drawMatrix(wrap, matrix, select.value, note);
  };
  select.addEventListener('change', draw);
  draw();
}

function drawMatrix(wrap, matrix, metric, note) {
  const { parties, kinds } = matrix;
  const values = matrix[metric];
  const info = METRICS[metric];
  const n = parties.length;
  const cell = Math.max(16, Math.min(40, Math.floor(760 / Math.max(1, n))));
  const labelW = Math.min(220, 12 + 6.6 * Math.max(4, ...parties.map((p) => p.length)));
  const top = labelW * 0.75;
  const width = labelW + n * cell + 10, height = top + n * cell + 10;
  let max = 0, total = 0, nonzero = 0;
  for (const row of values) for (const v of row) (max = Math.max(max, v)), (total += v), (nonzero += v > 0 ? 1 : 0);
  note.textContent = max === 0
    ? `No ${metric === 'exposures' ? 'decryption by a party that is not an intended endpoint' : metric} in this run.`
    : `${n} parties; ${nonzero} of ${n * n} pairs non-zero; total ${info.fmt(total)}. Rows send, columns receive; shade on a square-root scale. Hover a cell for its value.`;
  const color = d3.scaleSequentialSqrt(info.scheme).domain([0, max || 1]);
  const svg = d3.select(wrap).append('svg').attr('class', 'matrix').attr('id', 'matrix-svg').attr('data-metric', metric).attr('width', width).attr('height', height);
  const g = svg.append('g').attr('transform', `translate(${labelW},${top})`);
  svg.append('g').attr('transform', `translate(${labelW - 6},${top})`).selectAll('text').data(parties).join('text')
    .attr('class', 'row-label').attr('text-anchor', 'end').attr('y', (_, i) => i * cell + cell / 2).attr('dy', '0.35em')
    .attr('fill', (_, i) => (kinds[i] === 'attacker' ? EXPOSED_COLOR : null)).text((p) => p);
  svg.append('g').attr('transform', `translate(${labelW},${top - 6})`).selectAll('text').data(parties).join('text')
    .attr('class', 'col-label').attr('transform', (_, i) => `translate(${i * cell + cell / 2},0) rotate(-50)`)
    .attr('fill', (_, i) => (kinds[i] === 'attacker' ? EXPOSED_COLOR : null)).text((p) => p);
  // A thin bar by each label says what kind of party it is (provider, bridge, hub, attacker...).
  g.selectAll('rect.kind').data(kinds).join('rect').attr('class', 'kind').attr('x', -4).attr('y', (_, i) => i * cell + 2).attr('width', 3).attr('height', cell - 4).attr('fill', (k) => kindColor(k));
  const cells = [];
  values.forEach((row, i) => row.forEach((v, j) => cells.push({ i, j, v })));
  const c = g.selectAll('g.c').data(cells).join('g').attr('class', 'c').attr('transform', (d) => `translate(${d.j * cell},${d.i * cell})`);
  c.append('rect').attr('class', (d) => `cell${d.v === 0 ? ' zero' : ''}`).attr('width', cell).attr('height', cell).attr('fill', (d) => (d.v === 0 ? null : color(d.v)))
    .attr('data-from', (d) => parties[d.i]).attr('data-to', (d) => parties[d.j]).attr('data-value', (d) => d.v);
  if (cell >= 30) {
    c.filter((d) => d.v > 0).append('text').attr('class', 'cell-value').attr('x', cell / 2).attr('y', cell / 2).attr('dy', '0.35em').attr('text-anchor', 'middle')
      .attr('fill', (d) => (d.v > max * 0.45 ? '#fff' : '#1d2430')).text((d) => compact(d.v, metric));
  }
  c.append('title').text((d) => `${parties[d.i]} → ${parties[d.j]}: ${info.fmt(d.v)}`);
}

const compact = (v, metric) => (metric === 'bytes' ? fmtBytes(v).replace(' ', '') : v >= 1000 ? `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k` : String(v));
