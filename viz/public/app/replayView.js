// Replay: the topology with every envelope in flight drawn as a dot travelling along its link, in
// virtual time. A scrubber sets the time; play advances it at the chosen speed. Hops are fetched in
// windows around the current time, never the whole trace.
import { el } from './dom.js';
import { fmtNum, fmtTimeExact } from './format.js';
import { CLASSES, CLASS_COLOR, CLASS_LABEL, roleOf } from './palette.js';
import { renderOverview } from './overviewView.js';
import { renderTopology } from './topologyView.js';

const SPEEDS = [
  ['0.01', 0.01],
  ['0.1', 0.1],
  ['1', 1],
  ['10', 10],
];

/**
 * `fetchWindow(from, to)` returns a FlowWindow. Returns `stop()`, which halts the animation (call it
 * when the view is left).
 */
export function createReplay(container, { graph, hist, tMin, tMax, fetchWindow }) {
  const span = Math.max(1, tMax - tMin);
  const wholeRunIn20s = span / 1e6 / 20;
  const speeds = [...SPEEDS, [`whole run in 20 s (${fmtNum(wholeRunIn20s)})`, wholeRunIn20s]];
  const play = el('button', { id: 'replay-play', type: 'button', class: 'primary', text: '▶ Play' });
  const speed = el('select', { id: 'replay-speed', 'aria-label': 'speed' }, speeds.map(([label, v], i) => el('option', { value: String(i), text: `${label}× virtual time` })));
  speed.value = String(speeds.length - 1);
  const scrub = el('input', { id: 'replay-scrubber', type: 'range', min: String(tMin), max: String(tMax), step: '1', value: String(tMin), 'aria-label': 'virtual time' });
  const time = el('output', { id: 'replay-time', text: fmtTimeExact(tMin) });
  const stats = el('span', { id: 'replay-stats', class: 'muted' });
  container.append(el('div', { class: 'controls replay-controls' }, play, speed, time, stats));
  const scrubBox = el('div', { class: 'scrub' });
  container.append(scrubBox);
  scrubBox.append(scrub);
  const overview = renderOverview(scrubBox, hist, {});
  // The dots' colours, said once: the same classes as the flow's arrows.
  container.append(el('ul', { class: 'legend replay-legend' }, CLASSES.map((c) => {
    const sw = el('span', { class: 'swatch dot' });
    sw.style.backgroundColor = CLASS_COLOR[c];
    return el('li', {}, sw, CLASS_LABEL[c]);
  }), el('li', { text: 'larger dots: application messages; small faded dots: just arrived' })));
  const topo = renderTopology(container, graph, { zoom: true });
  if (!topo.overlay) return () => {};

  const cum = [];
  let run = 0;
  for (let i = 0; i < hist.bins; i++) {
    for (const c of Object.keys(hist.counts)) run += hist.counts[c][i];
    cum.push(run);
  }
  const arrivedBy = (t) => {
    const i = Math.floor((t - hist.t0) / hist.binWidth);
    return i < 0 ? 0 : cum[Math.min(cum.length - 1, i)];
  };

  const chunk = Math.max(2000, Math.ceil(span / 100));
  let T = tMin;
  let win = { from: 1, validTo: 0, arrows: [], lanes: [] };
  let loading = false;
  let playing = false;
  let last = 0;
  let raf = 0;
  let stopped = false;

  const ensure = () => {
    if ((T >= win.from && T < win.validTo) || loading || stopped) return;
    loading = true;
    const from = Math.floor(T);
    fetchWindow(from, from + chunk).then(
      (w) => {
        loading = false;
        win = { from, validTo: w.truncated ? Math.max(from + 1, w.coveredTo) : from + chunk, arrows: w.arrows, lanes: w.lanes };
        draw();
      },
      () => (loading = false),
    );
  };

  const dots = topo.overlay.append('g').attr('class', 'dots');
  const draw = () => {
    scrub.value = String(Math.round(T));
    time.textContent = fmtTimeExact(T);
    overview.setCursor(T);
    ensure();
    const pos = (lane) => topo.position(win.lanes[lane]?.group);
    const trail = Math.max(1, speeds[Number(speed.value)][1] * 1e6 * 0.25);
    const live = [];
    for (const a of win.arrows) {
      if (a.t0 > T || a.t1 + trail < T) continue;
      const p = pos(a.a), q = pos(a.b);
      if (!p || !q) continue;
      const f = a.t1 > a.t0 ? Math.min(1, (T - a.t0) / (a.t1 - a.t0)) : 1;
      live.push({ a, x: p.x + (q.x - p.x) * f, y: p.y + (q.y - p.y) * f, arrived: T > a.t1 });
      if (live.length >= 3000) break;
    }
    stats.textContent = `in flight: ${fmtNum(live.filter((d) => !d.arrived).length)} · hops arrived by now: ≈${fmtNum(arrivedBy(T))}`;
    dots.selectAll('circle').data(live, (d) => d.a.id).join('circle')
      .attr('class', (d) => `dot cls-${d.a.cls} role-${roleOf(d.a)}${d.arrived ? ' arrived' : ''}`)
      .attr('r', (d) => (d.arrived ? 4 : roleOf(d.a) === 'application' ? 7 : 6))
      .attr('fill', (d) => CLASS_COLOR[d.a.cls])
      .attr('cx', (d) => d.x)
      .attr('cy', (d) => d.y);
  };

  const frame = (now) => {
    if (!playing) return;
    const dt = last === 0 ? 0 : (now - last) / 1000;
    last = now;
    T = Math.min(tMax, T + dt * speeds[Number(speed.value)][1] * 1e6);
    draw();
    if (T >= tMax) return setPlaying(false);
    raf = requestAnimationFrame(frame);
  };
  const setPlaying = (on) => {
    playing = on && !stopped;
    play.textContent = playing ? '❚❚ Pause' : '▶ Play';
    cancelAnimationFrame(raf);
    if (playing) {
      if (T >= tMax) T = tMin;
      last = 0;
      raf = requestAnimationFrame(frame);
    }
  };
  play.addEventListener('click', () => setPlaying(!playing));
  scrub.addEventListener('input', () => {
    T = Number(scrub.value);
    draw();
  });
  draw();
  return () => {
    stopped = true;
    setPlaying(false);
  };
}
