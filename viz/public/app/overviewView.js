// The whole run at a glance: hops arriving per time slice, stacked by class. Brushing selects a
// window for the flow; replay draws its cursor on it.
import { CLASSES, CLASS_COLOR } from './palette.js';
import { timeTicks } from './format.js';

export function renderOverview(container, hist, { onBrush, height = 64 } = {}) {
  const width = Math.max(480, Math.min(1400, container.clientWidth || 960));
  const m = { left: 10, right: 10, top: 4, bottom: 20 };
  const w = width - m.left - m.right, h = height - m.top - m.bottom;
  const svg = d3.select(container).append('svg').attr('class', 'overview').attr('width', width).attr('height', height);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const end = hist.t0 + hist.bins * hist.binWidth;
  const x = d3.scaleLinear().domain([hist.t0, end]).range([0, w]);
  const rows = d3.range(hist.bins).map((i) => Object.fromEntries([['i', i], ...CLASSES.map((c) => [c, hist.counts[c][i]])]));
  const stacked = d3.stack().keys(CLASSES)(rows);
  const y = d3.scaleLinear().domain([0, d3.max(stacked.at(-1) ?? [], (d) => d[1]) || 1]).range([h, 0]);
  const bw = Math.max(1, w / hist.bins - 0.5);
  g.selectAll('g.layer').data(stacked).join('g').attr('class', 'layer').attr('fill', (s) => CLASS_COLOR[s.key])
    .selectAll('rect').data((s) => s.filter((d) => d[1] > d[0])).join('rect')
    .attr('x', (d) => x(hist.t0 + d.data.i * hist.binWidth)).attr('width', bw).attr('y', (d) => y(d[1])).attr('height', (d) => y(d[0]) - y(d[1]));
  g.append('g').attr('class', 'axis').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x).ticks(8).tickFormat(timeTicks((end - hist.t0) * 5 / 8)));
  const cursor = g.append('line').attr('class', 'cursor').attr('y1', 0).attr('y2', h).attr('visibility', 'hidden');
  let brush = null;
  let brushG = null;
  let quiet = false;
  if (onBrush) {
    brush = d3.brushX().extent([[0, 0], [w, h]]).on('end', (event) => {
      if (quiet || !event.selection) return;
      const [a, b] = event.selection.map((v) => Math.round(x.invert(v)));
      if (b > a) onBrush(Math.max(0, a), b);
    });
    brushG = g.append('g').attr('class', 'brush').call(brush);
  }
  return {
    setCursor(t) {
      cursor.attr('visibility', 'visible').attr('x1', x(t)).attr('x2', x(t));
    },
    setSelection(from, to) {
      if (!brush) return;
      quiet = true;
      const sel = [Math.max(0, x(from)), Math.min(w, x(to))];
      // A window over (nearly) the whole run is not drawn: dragging inside a selection moves it, and
      // one that covers everything would leave no room to drag out a new one.
      brushG.call(brush.move, sel[1] - sel[0] >= 0.9 * w ? null : sel);
      quiet = false;
    },
  };
}
