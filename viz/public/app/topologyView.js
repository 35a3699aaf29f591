// Topology: servers as nodes, each provider's devices as one bubble with their count, links as edges
// whose width grows with the bytes they carried; drops in red. Positions come from the server's
// seeded, headless d3-force layout (viz/forceLayout.ts), so the picture is the same on every load.
import { el } from './dom.js';
import { fmtBytes, fmtNum } from './format.js';
import { EXPOSE_LABEL, KIND_LABEL, kindColor } from './palette.js';

/** Links beyond this many active ones make a tangle: only the busiest are drawn until asked. */
export const BUSIEST_LINKS = 30;

const exposureTotal = (n) => Object.values(n.exposures ?? {}).reduce((a, b) => a + b, 0);

/**
 * Places labels greedily, most important first, skipping any that would overlap one already placed
 * or a node: a dense federation keeps the labels it can show readable instead of printing them on
 * top of each other ("3.4 MB109.6 kB").
 */
function placeLabels(candidates, nodes) {
  const boxes = nodes.map((n) => ({ x0: n.x - n.r, x1: n.x + n.r, y0: n.y - n.r, y1: n.y + n.r }));
  const free = (b) => !boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  const placed = new Set();
  for (const c of candidates) {
    const w = (c.text.length * 6.4 + 4) * (c.k ?? 1), h = 13 * (c.k ?? 1);
    const b = { x0: c.x - w / 2, x1: c.x + w / 2, y0: c.y - h + 2, y1: c.y + 3 };
    if (c.always || free(b)) {
      boxes.push(b);
      placed.add(c.key);
    }
  }
  return placed;
}

export function renderTopology(container, graph, { zoom = true, controls = true } = {}) {
  const wrap = el('div', { class: 'topology' });
  container.append(wrap);
  const active = graph.edges.filter((e) => e.hops > 0 || e.drops > 0 || e.attack);
  const idle = graph.edges.length - active.length;
  // A provider's own devices always stay attached; the cap applies to links between servers.
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const access = (e) => kindOf.get(e.source) === 'clients' || kindOf.get(e.target) === 'clients';
  const between = active.filter((e) => !access(e));
  const dense = between.length > BUSIEST_LINKS;
  const busiest = new Set([...between].sort((a, b) => b.bytes - a.bytes || b.drops - a.drops).slice(0, BUSIEST_LINKS).map((e) => `${e.source}|${e.target}`));
  for (const e of active) if (access(e)) busiest.add(`${e.source}|${e.target}`);
  let mode = dense ? 'busiest' : 'active';
  if (controls && graph.edges.length > 0) {
    const select = el('select', { id: 'topology-links', 'aria-label': 'links shown' },
      el('option', { value: 'active', text: `links that carried traffic (${active.length})` }),
      dense ? el('option', { value: 'busiest', text: `the ${BUSIEST_LINKS} busiest of ${between.length} links between servers, and every provider's devices` }) : null,
      el('option', { value: 'all', text: `every link, idle ones dotted (${graph.edges.length})` }));
    select.value = mode;
    select.addEventListener('change', () => {
      mode = select.value;
      apply();
    });
    const hint = [idle > 0 ? `${idle} idle links hidden unless "every link" is chosen` : '', dense ? 'the Provider matrix tab shows every pair' : ''].filter(Boolean).join('; ');
    wrap.append(el('div', { class: 'controls' }, 'show', select, el('span', { class: 'muted', text: hint })));
  }
  if (graph.nodes.length === 0) {
    wrap.append(el('p', { class: 'notice', text: 'No nodes in this run.' }));
    return { svg: null, overlay: null, position: () => undefined };
  }
  const pad = 80;
  const minX = d3.min(graph.nodes, (n) => n.x - n.r) - pad;
  const maxX = d3.max(graph.nodes, (n) => n.x + n.r) + pad;
  const minY = d3.min(graph.nodes, (n) => n.y - n.r) - pad / 2;
  const maxY = d3.max(graph.nodes, (n) => n.y + n.r) + pad / 2 + 10;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const svg = d3
    .select(wrap)
    .append('svg')
    .attr('class', 'topology-svg')
    .attr('viewBox', [minX, minY, maxX - minX, maxY - minY].join(' '))
    .attr('preserveAspectRatio', 'xMidYMid meet')
    .attr('role', 'img')
    .attr('aria-label', 'Topology of the run');
  const root = svg.append('g');
  // Text keeps about 11 px on screen however the viewBox scales the layout to fit the box.
  const box = svg.node().getBoundingClientRect();
  const fitted = box.width > 0 && box.height > 0 ? Math.min(box.width / (maxX - minX), box.height / (maxY - minY)) : 1;
  const k = Math.min(6, 1 / fitted);
  root.style('font-size', `${Math.round(11 * k)}px`);
  if (zoom) svg.call(d3.zoom().scaleExtent([0.25, 8]).on('zoom', (e) => root.attr('transform', e.transform)));

  const maxBytes = d3.max(graph.edges, (e) => e.bytes) || 1;
  const width = d3.scaleSqrt().domain([0, maxBytes]).range([1.5, 12]);
  const ends = (e) => [byId.get(e.source), byId.get(e.target)];
  const key = (e) => `${e.source}|${e.target}`;
  const edges = root
    .append('g')
    .attr('class', 'edges')
    .selectAll('g')
    .data(graph.edges.filter((e) => byId.has(e.source) && byId.has(e.target)))
    .join('g')
    .attr('class', (e) => `edge${e.drops > 0 ? ' has-drops' : ''}${e.attack ? ' attack' : ''}${e.hops === 0 && e.drops === 0 && !e.attack ? ' idle' : ''}`)
    .attr('data-key', key);
  edges
    .append('line')
    .attr('x1', (e) => ends(e)[0].x)
    .attr('y1', (e) => ends(e)[0].y)
    .attr('x2', (e) => ends(e)[1].x)
    .attr('y2', (e) => ends(e)[1].y)
    .attr('stroke-width', (e) => width(e.bytes));
  edges.append('title').text((e) => {
    if (e.attack) return `${e.source} - ${e.target}: the attacker acts here (no network link)`;
    const lines = [`${e.source} - ${e.target}`, `${fmtBytes(e.bytes)} in ${fmtNum(e.hops)} hops`];
    if (e.drops > 0) lines.push(`${fmtNum(e.drops)} envelopes dropped`);
    if (e.latencyMs !== undefined) lines.push(`mean latency ${e.latencyMs} ms`);
    if (e.links > 1) lines.push(`${e.links} links`);
    return lines.join('\n');
  });
  const label = edges
    .append('text')
    .attr('class', 'edge-label')
    .attr('x', (e) => (ends(e)[0].x + ends(e)[1].x) / 2)
    .attr('y', (e) => (ends(e)[0].y + ends(e)[1].y) / 2 - 4)
    .attr('text-anchor', 'middle');
  label.append('tspan').text((e) => (e.attack ? '' : fmtBytes(e.bytes)));
  label
    .filter((e) => e.drops > 0)
    .append('tspan')
    .attr('class', 'drops')
    .attr('x', (e) => (ends(e)[0].x + ends(e)[1].x) / 2)
    .attr('dy', '1.2em')
    .text((e) => `${fmtNum(e.drops)} dropped`);

  const nodes = root
    .append('g')
    .attr('class', 'nodes')
    .selectAll('g')
    .data(graph.nodes)
    .join('g')
    .attr('class', (n) => `node kind-${n.kind}`)
    .attr('data-id', (n) => n.id)
    .attr('transform', (n) => `translate(${n.x},${n.y})`);
  nodes.classed('has-exposure', (n) => exposureTotal(n) > 0);
  nodes.append('circle').attr('r', (n) => n.r).attr('fill', (n) => kindColor(n.kind));
  nodes
    .filter((n) => n.kind === 'clients')
    .append('text')
    .attr('class', 'count')
    .attr('text-anchor', 'middle')
    .attr('dy', '0.35em')
    .text((n) => fmtNum(n.count));
  nodes
    .append('text')
    .attr('class', 'node-label')
    .attr('text-anchor', 'middle')
    .attr('y', (n) => n.r + 14 * k)
    .text((n) => n.label);
  nodes
    .filter((n) => n.drops > 0)
    .append('text')
    .attr('class', 'node-drops')
    .attr('text-anchor', 'middle')
    .attr('y', (n) => n.r + 28 * k)
    .text((n) => `${fmtNum(n.drops)} dropped here`);
  const exposedText = (n) => Object.entries(n.exposures ?? {}).map(([as, k]) => `${as} read ${fmtNum(k)}`).join(', ');
  nodes
    .filter((n) => exposureTotal(n) > 0)
    .append('text')
    .attr('class', 'node-exposed')
    .attr('text-anchor', 'middle')
    .attr('y', (n) => -n.r - 6 * k)
    .text(exposedText);
  nodes.append('title').text((n) => {
    const lines = [`${n.label} (${KIND_LABEL[n.kind] ?? n.kind})${n.kind === 'clients' ? `: ${n.count} devices` : ''}`];
    for (const [as, k] of Object.entries(n.exposures ?? {})) lines.push(`decrypted ${fmtNum(k)} message copies as ${EXPOSE_LABEL[as] ?? as} (not an intended endpoint)`);
    return lines.join('\n');
  });

  // Which links and labels show: node labels first, then edge labels by bytes, none overlapping.
  function apply() {
    const visible = (e) => mode === 'all' || e.attack || (e.hops > 0 || e.drops > 0) && (mode === 'active' || busiest.has(key(e)));
    edges.style('display', (e) => (visible(e) ? 'inline' : 'none'));
    const nodeLabels = graph.nodes.map((n) => ({ key: `n:${n.id}`, text: n.label, x: n.x, y: n.y + n.r + 14 * k, always: true, k }));
    const edgeLabels = graph.edges
      .filter((e) => visible(e) && byId.has(e.source) && byId.has(e.target) && !e.attack && e.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes)
      .map((e) => ({ key: key(e), text: fmtBytes(e.bytes), x: (ends(e)[0].x + ends(e)[1].x) / 2, y: (ends(e)[0].y + ends(e)[1].y) / 2 - 4, k }));
    const placed = placeLabels([...nodeLabels, ...edgeLabels], graph.nodes);
    label.style('display', (e) => (placed.has(key(e)) ? 'inline' : 'none'));
  }
  apply();

  const overlay = root.append('g').attr('class', 'topo-overlay');

  const kinds = [...new Set(graph.nodes.map((n) => n.kind))];
  wrap.append(
    el(
      'ul',
      { class: 'legend' },
      kinds.map((k) => {
        const sw = el('span', { class: 'swatch round' });
        sw.style.backgroundColor = kindColor(k);
        return el('li', {}, sw, KIND_LABEL[k] ?? k);
      }),
      el('li', {}, el('span', { class: 'swatch line' }), 'link: width grows with bytes carried; labels that would overlap are left out (hover a link)'),
      graph.edges.some((e) => e.attack) ? el('li', {}, el('span', { class: 'swatch line cls-exposed-edge' }), 'attacker and the server it acts at') : null,
      graph.nodes.some((n) => exposureTotal(n) > 0) ? el('li', {}, el('span', { class: 'swatch mark-expose' }), 'decrypted messages it was not meant to read') : null,
      graph.edges.some((e) => e.drops > 0) ? el('li', {}, el('span', { class: 'swatch line drops' }), 'link with dropped envelopes') : null,
    ),
  );
  return { svg, overlay, position: (id) => byId.get(id) };
}
