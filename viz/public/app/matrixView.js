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

// Per provider pair (summary.json's perPair, sim/trace/perPair): people at their home provider, a
// copy's protection is its message's. `better` says which way is good, for the note.
const pct = (v) => `${v.toFixed(1)}%`;
const PAIR_METRICS = {
  copies: { label: 'copies', fmt: (v) => fmtNum(v), short: (v) => String(Math.round(v)) },
  deliveryRatio: { label: 'delivery ratio', fmt: (v) => v.toFixed(4), short: (v) => v.toFixed(2) },
  e2eePreservedPct: { label: 'E2EE preserved (% of copies)', fmt: pct, short: (v) => v.toFixed(0) },
  exposurePerCopy: { label: 'non-endpoint readers per copy', fmt: (v) => v.toFixed(2), short: (v) => v.toFixed(1) },
  forgeryCapablePerCopy: { label: 'forgery-capable parties per copy', fmt: (v) => v.toFixed(2), short: (v) => v.toFixed(1) },
  latencyP50Ms: { label: 'latency p50 (ms)', fmt: (v) => `${v.toFixed(1)} ms`, short: (v) => v.toFixed(0) },
  latencyP95Ms: { label: 'latency p95 (ms)', fmt: (v) => `${v.toFixed(1)} ms`, short: (v) => v.toFixed(0) },
  featureFidelity: { label: 'feature fidelity', fmt: (v) => v.toFixed(3), short: (v) => v.toFixed(2) },
  contentFallbackPct: { label: 'content fell back (% of copies read)', fmt: pct, short: (v) => v.toFixed(0) },
  cleartextPct: { label: 'sent in clear (% of copies)', fmt: pct, short: (v) => v.toFixed(0) },
  misdeliveredPct: { label: 'misdelivered (% of copies)', fmt: pct, short: (v) => v.toFixed(1) },
  accountsPerUser: { label: 'accounts per user', fmt: (v) => v.toFixed(2), short: (v) => v.toFixed(1) },
};
const ARRANGEMENT_SHORT = { intra: 'intra', none: 'silo', 'client-api': 'api', 'bridge-reencrypt': 're-enc', 'bridge-e2ee': 'offer', federated: 'fed', hub: 'hub' };
const pairKey = (metric) => metric.slice('pair:'.length);

export function renderMatrix(container, matrix, { metric = 'bytes' } = {}) {
  const traffic = Object.entries(METRICS).map(([k, m]) => el('option', { value: k, text: m.label }));
  const perPair = matrix.perPair ? [el('optgroup', { label: 'per provider pair (people at their home provider)' }, Object.entries(PAIR_METRICS).map(([k, m]) => el('option', { value: `pair:${k}`, text: m.label })))] : [];
  const select = el('select', { id: 'matrix-metric', 'aria-label': 'matrix metric' }, [...traffic, ...perPair]);
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
  if (metric.startsWith('pair:')) return drawPairMatrix(wrap, matrix.perPair, pairKey(metric), note);
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

/**
 * The per-pair matrix: providers only (people at their home provider), every cell labelled with the
 * pair's arrangement (and protocols when they differ); a pair that carried no copy has no value.
 */
function drawPairMatrix(wrap, perPair, key, note) {
  const info = PAIR_METRICS[key];
  const parties = perPair.providers;
  const n = parties.length;
  const at = new Map(perPair.pairs.map((p) => [`${p.from}>${p.to}`, p]));
  const cell = Math.max(34, Math.min(64, Math.floor(760 / Math.max(1, n))));
  const labelW = Math.min(220, 12 + 6.6 * Math.max(4, ...parties.map((p) => p.length)));
  // Column labels are drawn rotated above the cells: room for the longest name.
  const top = Math.max(60, labelW * 0.75);
  const width = labelW + n * cell + 10, height = top + n * cell + 10;
  const values = perPair.pairs.map((p) => p.metrics[key]).filter((v) => v !== null);
  const max = Math.max(0, ...values);
  const below = perPair.belowPromise.map((b) => `${b.provider} ${b.pct.toFixed(1)}%`).join(', ');
  note.textContent = `${info.label} for ${perPair.pairs.length} provider pairs (${perPair.uniform ? 'uniform world' : 'heterogeneous world'}); rows send, columns receive; each cell names the pair's arrangement.${below ? ` Messages below the provider's own promise: ${below}.` : ''}`;
  const color = d3.scaleSequentialSqrt(d3.interpolatePurples).domain([0, max || 1]);
  const svg = d3.select(wrap).append('svg').attr('class', 'matrix').attr('id', 'matrix-svg').attr('data-metric', `pair:${key}`).attr('width', width).attr('height', height);
  const g = svg.append('g').attr('transform', `translate(${labelW},${top})`);
  svg.append('g').attr('transform', `translate(${labelW - 6},${top})`).selectAll('text').data(parties).join('text')
    .attr('class', 'row-label').attr('text-anchor', 'end').attr('y', (_, i) => i * cell + cell / 2).attr('dy', '0.35em').text((p) => p);
  svg.append('g').attr('transform', `translate(${labelW},${top - 6})`).selectAll('text').data(parties).join('text')
    .attr('class', 'col-label').attr('transform', (_, i) => `translate(${i * cell + cell / 2},0) rotate(-50)`).text((p) => p);
  const cells = [];
  parties.forEach((a, i) => parties.forEach((b, j) => {
    const p = at.get(`${a}>${b}`);
    cells.push({ i, j, p, v: p === undefined ? null : p.metrics[key] });
  }));
  const c = g.selectAll('g.c').data(cells).join('g').attr('class', 'c').attr('transform', (d) => `translate(${d.j * cell},${d.i * cell})`);
  c.append('rect').attr('class', (d) => `cell${d.v === null ? ' zero' : ''}`).attr('width', cell).attr('height', cell).attr('fill', (d) => (d.v === null ? null : color(d.v)))
    .attr('data-from', (d) => parties[d.i]).attr('data-to', (d) => parties[d.j]).attr('data-value', (d) => d.v ?? '').attr('data-arrangement', (d) => d.p?.arrangement ?? '');
  const dark = (d) => d.v !== null && d.v > max * 0.45;
  c.filter((d) => d.v !== null).append('text').attr('class', 'cell-value').attr('x', cell / 2).attr('y', cell / 2 - 5).attr('dy', '0.35em').attr('text-anchor', 'middle')
    .attr('fill', (d) => (dark(d) ? '#fff' : '#1d2430')).text((d) => info.short(d.v));
  c.filter((d) => d.p !== undefined).append('text').attr('class', 'cell-arrangement').attr('x', cell / 2).attr('y', cell / 2 + 9).attr('dy', '0.35em').attr('text-anchor', 'middle')
    .attr('font-size', 9).attr('fill', (d) => (dark(d) ? '#fff' : '#4a5568')).text((d) => ARRANGEMENT_SHORT[d.p.arrangement] ?? d.p.arrangement);
  c.append('title').text((d) => {
    const head = `${parties[d.i]} → ${parties[d.j]}`;
    if (d.p === undefined) return `${head}: no copies`;
    const protocols = d.p.protocols[0] === d.p.protocols[1] ? d.p.protocols[0] : d.p.protocols.join(' / ');
    return `${head}: ${d.v === null ? 'not measured' : info.fmt(d.v)}\narrangement ${d.p.arrangement}, ${protocols}; ${fmtNum(d.p.metrics.copies ?? 0)} copies`;
  });
}
