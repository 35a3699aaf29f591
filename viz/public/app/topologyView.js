// Topology: servers as nodes, each provider's devices as one bubble with their count, links as edges
// whose width grows with the bytes they carried; drops in red. Positions come from the server's
// seeded, headless d3-force layout (viz/forceLayout.ts), so the picture is the same on every load.
import { el } from './dom.js';
import { fmtBytes, fmtNum } from './format.js';
import { KIND_LABEL, kindColor } from './palette.js';

export function renderTopology(container, graph, { zoom = true } = {}) {
  const wrap = el('div', { class: 'topology' });
  container.append(wrap);
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
  if (zoom) svg.call(d3.zoom().scaleExtent([0.25, 8]).on('zoom', (e) => root.attr('transform', e.transform)));

  const maxBytes = d3.max(graph.edges, (e) => e.bytes) || 1;
  const width = d3.scaleSqrt().domain([0, maxBytes]).range([1.5, 12]);
  const ends = (e) => [byId.get(e.source), byId.get(e.target)];
  const edges = root
    .append('g')
    .attr('class', 'edges')
    .selectAll('g')
    .data(graph.edges.filter((e) => byId.has(e.source) && byId.has(e.target)))
    .join('g')
    .attr('class', (e) => `edge${e.drops > 0 ? ' has-drops' : ''}`);
  edges
    .append('line')
    .attr('x1', (e) => ends(e)[0].x)
    .attr('y1', (e) => ends(e)[0].y)
    .attr('x2', (e) => ends(e)[1].x)
    .attr('y2', (e) => ends(e)[1].y)
    .attr('stroke-width', (e) => width(e.bytes));
  edges.append('title').text((e) => {
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
  label.append('tspan').text((e) => fmtBytes(e.bytes));
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
    .attr('y', (n) => n.r + 14)
    .text((n) => n.label);
  nodes
    .filter((n) => n.drops > 0)
    .append('text')
    .attr('class', 'node-drops')
    .attr('text-anchor', 'middle')
    .attr('y', (n) => n.r + 28)
    .text((n) => `${fmtNum(n.drops)} dropped here`);
  nodes.append('title').text((n) => `${n.label} (${KIND_LABEL[n.kind] ?? n.kind})${n.kind === 'clients' ? `: ${n.count} devices` : ''}`);

  const overlay = root.append('g').attr('class', 'overlay');

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
      el('li', {}, el('span', { class: 'swatch line' }), 'link: width grows with bytes carried'),
      graph.edges.some((e) => e.drops > 0) ? el('li', {}, el('span', { class: 'swatch line drops' }), 'link with dropped envelopes') : null,
    ),
  );
  return { svg, overlay, position: (id) => byId.get(id) };
}
