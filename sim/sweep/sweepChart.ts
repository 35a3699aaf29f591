import type { SweepResult } from './sweepResult.ts';
import type { Scalar } from './sweepSpec.ts';

// A hand-written SVG per metric: one panel per parameter, the metric's mean over seeds at each of the
// parameter's values with 95% CI bars; one line per combination of the other parameters (up to 8,
// beyond that the points stand alone).
const W = 360;
const H = 250;
const M = { l: 58, r: 12, t: 28, b: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toPrecision(3) : String(Number(v.toPrecision(4))));

export function sweepChartSvg(r: SweepResult, metric: string): string {
  const panels = r.parameters;
  const cols = Math.min(3, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const width = cols * W;
  const height = rows * H + 20;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  for (const [k, param] of panels.entries()) {
    const x0 = (k % cols) * W;
    const y0 = Math.floor(k / cols) * H;
    const pts = r.points.map((p) => ({ x: p.params[param]!, m: p.metrics[metric]!, rest: JSON.stringify(r.parameters.filter((q) => q !== param).map((q) => p.params[q])) })).filter((p) => Number.isFinite(p.m.mean));
    out.push(`<text x="${x0 + W / 2}" y="${y0 + 16}" text-anchor="middle" font-size="12" font-weight="bold">${esc(metric)} vs ${esc(param)}</text>`);
    out.push(`<rect x="${x0 + M.l}" y="${y0 + M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#999"/>`);
    if (pts.length === 0) {
      out.push(`<text x="${x0 + W / 2}" y="${y0 + H / 2}" text-anchor="middle">no finite values</text>`);
      continue;
    }
    const numeric = pts.every((p) => typeof p.x === 'number');
    const cats: Scalar[] = numeric ? [] : [...new Set(pts.map((p) => p.x))];
    const xs = numeric ? pts.map((p) => p.x as number) : cats.map((_, i) => i);
    const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
    const lo = Math.min(...pts.map((p) => p.m.mean - (p.m.ci95 || 0)));
    const hi = Math.max(...pts.map((p) => p.m.mean + (p.m.ci95 || 0)));
    const pad = hi === lo ? Math.max(1, Math.abs(hi) * 0.1) : (hi - lo) * 0.08;
    const [yMin, yMax] = [lo - pad, hi + pad];
    const xOf = (x: Scalar) => (numeric ? (x as number) : cats.indexOf(x));
    const px = (x: Scalar) => x0 + M.l + 10 + ((xOf(x) - xMin) / Math.max(1e-12, xMax - xMin || 1)) * (W - M.l - M.r - 20);
    const py = (y: number) => y0 + H - M.b - ((y - yMin) / (yMax - yMin)) * (H - M.t - M.b);
    for (let i = 0; i <= 4; i++) {
      const v = yMin + ((yMax - yMin) * i) / 4;
      out.push(`<line x1="${x0 + M.l}" x2="${x0 + W - M.r}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#eee"/>`);
      out.push(`<text x="${x0 + M.l - 4}" y="${(py(v) + 3).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`);
    }
    const ticks = numeric ? [...new Set(xs)].sort((a, b) => a - b) : cats;
    const shown = ticks.length > 8 ? ticks.filter((_, i) => i % Math.ceil(ticks.length / 8) === 0) : ticks;
    for (const t of shown) out.push(`<text x="${px(t).toFixed(1)}" y="${y0 + H - M.b + 13}" text-anchor="middle">${esc(typeof t === 'number' ? fmt(t) : String(t))}</text>`);
    out.push(`<text x="${x0 + M.l + (W - M.l - M.r) / 2}" y="${y0 + H - 8}" text-anchor="middle">${esc(param)}</text>`);
    const series = [...new Set(pts.map((p) => p.rest))];
    const lines = series.length <= COLORS.length;
    for (const [i, s] of series.entries()) {
      const color = lines ? COLORS[i]! : COLORS[0]!;
      const mine = pts.filter((p) => p.rest === s).sort((a, b) => xOf(a.x) - xOf(b.x));
      if (lines && mine.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${mine.map((p) => `${px(p.x).toFixed(1)},${py(p.m.mean).toFixed(1)}`).join(' ')}"/>`);
      for (const p of mine) {
        const [a, b] = [py(p.m.mean - p.m.ci95), py(p.m.mean + p.m.ci95)];
        if (p.m.ci95 > 0) out.push(`<line x1="${px(p.x).toFixed(1)}" x2="${px(p.x).toFixed(1)}" y1="${a.toFixed(1)}" y2="${b.toFixed(1)}" stroke="${color}"/>`);
        out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.m.mean).toFixed(1)}" r="2.5" fill="${color}"><title>${esc(`${param}=${String(p.x)} ${s !== '[]' ? `others=${s} ` : ''}mean ${fmt(p.m.mean)} ± ${fmt(p.m.ci95)} (${p.m.values.length} seeds)`)}</title></circle>`);
      }
    }
  }
  out.push(`<text x="10" y="${rows * H + 14}" font-size="10">${esc(`${r.name}: mean over seeds, bars: 95% CI (Student t); one line per combination of the other parameters`)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
