// Small charts shared by the compare, groups and overview panels.
import { fmtTime, timeTicks } from './format.js';

const M = { top: 30, right: 14, bottom: 34, left: 58 };

/** A chart frame: svg with a title, returns the inner group, inner size and the svg. */
export function frame(container, { title, width = 360, height = 220, cls = 'chart', margin = M }) {
  const svg = d3.select(container).append('svg').attr('class', cls).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.append('text').attr('class', 'chart-title').attr('x', 8).attr('y', 17).text(title);
  const g = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  return { svg, g, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
}

/**
 * A chart over virtual time: `step` lines (a value that holds until the next point), `bars` or `dots`.
 * `points` are `{ t, v, label? }`; `extent` is the run's [tMin, tMax].
 */
export function timeChart(container, { title, points, kind = 'step', extent, yLabel = '', cls = 'chart', integer = false, color = '#4c72b0' }) {
  const { svg, g, w, h } = frame(container, { title, cls });
  const t0 = Math.min(extent[0], d3.min(points, (p) => p.t) ?? extent[0]);
  const t1 = Math.max(extent[1], d3.max(points, (p) => p.t) ?? extent[1], t0 + 1);
  const x = d3.scaleLinear().domain([t0, t1]).range([0, w]);
  const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(points, (p) => p.v) ?? 1)]).nice().range([h, 0]);
  g.append('g').attr('class', 'axis').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x).ticks(5).tickFormat(timeTicks(t1 - t0)));
  const yAxis = d3.axisLeft(y).ticks(5);
  if (integer) yAxis.tickFormat(d3.format('d')).ticks(Math.min(5, y.domain()[1]));
  g.append('g').attr('class', 'axis').call(yAxis);
  if (yLabel) g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)').attr('x', -h / 2).attr('y', -44).attr('text-anchor', 'middle').text(yLabel);
  if (points.length === 0) {
    g.append('text').attr('class', 'empty').attr('x', w / 2).attr('y', h / 2).attr('text-anchor', 'middle').text('no data');
    return svg;
  }
  if (kind === 'step') {
    const line = d3.line().x((p) => x(p.t)).y((p) => y(p.v)).curve(d3.curveStepAfter);
    const pts = [...points, { t: t1, v: points[points.length - 1].v }];
    g.append('path').attr('class', 'series').attr('d', line(pts)).attr('stroke', color).attr('fill', 'none').attr('stroke-width', 2);
    g.selectAll('circle').data(points).join('circle').attr('cx', (p) => x(p.t)).attr('cy', (p) => y(p.v)).attr('r', 3).attr('fill', color)
      .append('title').text((p) => p.label ?? `${p.v} at ${fmtTime(p.t)}`);
  } else if (kind === 'bars') {
    const bw = Math.max(2, Math.min(10, w / (points.length * 2)));
    g.selectAll('rect').data(points).join('rect').attr('x', (p) => x(p.t) - bw / 2).attr('y', (p) => y(p.v)).attr('width', bw).attr('height', (p) => h - y(p.v)).attr('fill', color)
      .append('title').text((p) => p.label ?? `${p.v} at ${fmtTime(p.t)}`);
  } else {
    g.selectAll('circle').data(points).join('circle').attr('cx', (p) => x(p.t)).attr('cy', (p) => y(p.v)).attr('r', 3.5).attr('fill', color)
      .append('title').text((p) => p.label ?? `${p.v} at ${fmtTime(p.t)}`);
  }
  return svg;
}
