import type { Band } from './band.ts';

export interface ChartLine {
  readonly label: string;
  readonly band: Band;
  readonly color: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];

/**
 * A self-contained SVG line chart over months: one line per series with its band shaded, dashed phase
 * markers, gaps where a value is null (not measured). Used by the brief (the viewer draws its own).
 */
export function lineChart(o: { title: string; months: readonly string[]; lines: readonly ChartLine[]; markers: readonly { month: string; label: string }[]; yLabel: string; scale?: number }): string {
  const W = 640, H = 260, L = 52, R = 12, T = 28, B = 40;
  const k = o.scale ?? 1;
  const vals = o.lines.flatMap((l) => [...l.band.lo, ...l.band.hi, ...l.band.mean]).filter((v): v is number => typeof v === 'number').map((v) => v * k);
  const yMax = Math.max(1e-9, ...vals) * 1.05;
  const yMin = Math.min(0, ...vals);
  const x = (i: number) => L + ((W - L - R) * i) / Math.max(1, o.months.length - 1);
  const y = (v: number) => T + (H - T - B) * (1 - (v * k - yMin) / (yMax - yMin));
  const legendRows = Math.ceil(o.lines.length / 3);
  const fullH = H + legendRows * 14;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${fullH}" width="${W}" height="${fullH}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(o.title)}">`];
  parts.push(`<text x="${L}" y="16" font-size="13" font-weight="bold">${esc(o.title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = yMin + ((yMax - yMin) * t) / 4;
    const yy = T + (H - T - B) * (1 - t / 4);
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${yy}" y2="${yy}" stroke="#eee"/><text x="${L - 4}" y="${yy + 4}" text-anchor="end">${+v.toPrecision(3)}</text>`);
  }
  o.months.forEach((m, i) => {
    if (m.endsWith('-01')) parts.push(`<text x="${x(i)}" y="${H - B + 14}" text-anchor="middle">${m.slice(0, 4)}</text><line x1="${x(i)}" x2="${x(i)}" y1="${H - B}" y2="${H - B + 4}" stroke="#999"/>`);
  });
  parts.push(`<text x="12" y="${T + (H - T - B) / 2}" transform="rotate(-90 12 ${T + (H - T - B) / 2})" text-anchor="middle">${esc(o.yLabel)}</text>`);
  let lastLabel = -Infinity;
  let row = 0;
  o.markers.forEach((mk) => {
    const i = o.months.indexOf(mk.month);
    if (i < 0) return;
    parts.push(`<line x1="${x(i)}" x2="${x(i)}" y1="${T}" y2="${H - B}" stroke="#888" stroke-dasharray="3,3"><title>${esc(`${mk.month}: ${mk.label}`)}</title></line>`);
    // Labels that would collide step down a row (at most three rows; the rest keep their tooltip).
    row = x(i) - lastLabel < 120 ? row + 1 : 0;
    if (row > 2) return;
    lastLabel = row === 0 ? x(i) : lastLabel;
    parts.push(`<text x="${x(i) + 2}" y="${T + 10 + row * 11}" fill="#666" font-size="9">${esc(mk.label.slice(0, 24))}</text>`);
  });
  for (const l of o.lines) {
    const runs: number[][] = [];
    let cur: number[] = [];
    l.band.mean.forEach((v, i) => {
      if (v === null || l.band.lo[i] === null || l.band.hi[i] === null) {
        if (cur.length > 0) runs.push(cur);
        cur = [];
      } else cur.push(i);
    });
    if (cur.length > 0) runs.push(cur);
    for (const r of runs) {
      const upper = r.map((i) => `${x(i).toFixed(1)},${y(l.band.hi[i]!).toFixed(1)}`);
      const lower = r.map((i) => `${x(i).toFixed(1)},${y(l.band.lo[i]!).toFixed(1)}`).reverse();
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${l.color}" fill-opacity="0.15" stroke="none"/>`);
      parts.push(`<polyline points="${r.map((i) => `${x(i).toFixed(1)},${y(l.band.mean[i]!).toFixed(1)}`).join(' ')}" fill="none" stroke="${l.color}" stroke-width="1.8"/>`);
    }
  }
  o.lines.forEach((l, j) => {
    const lx = L + 6 + (j % 3) * 196, ly = H + 4 + Math.floor(j / 3) * 14;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${l.color}"/><text x="${lx + 14}" y="${ly + 1}">${esc(l.label.slice(0, 30))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
