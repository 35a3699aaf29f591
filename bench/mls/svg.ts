// A hand-written SVG of time against group size: one panel per operation, log-log axes, a line per
// (suite, provider) and the primitive floor, so stock, native and the floor read side by side.
import type { MlsBenchReport } from './report.ts';

const W = 300;
const H = 220;
const M = { l: 52, r: 10, t: 26, b: 34 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderSvg(report: MlsBenchReport): string {
  // KeyPackage generation does not depend on N: it is in the table, not on a log(N) axis.
  const ops = [...new Set(report.results.filter((r) => r.n >= 2).map((r) => r.op))];
  const suites = [...new Set(report.results.map((r) => r.suite))];
  const cols = 3;
  const rows = Math.ceil(ops.length / cols);
  const legendH = 24 + 16 * (suites.length + 1);
  const width = cols * W;
  const height = rows * H + legendH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  for (const [k, op] of ops.entries()) {
    const x0 = (k % cols) * W;
    const y0 = Math.floor(k / cols) * H;
    const rs = report.results.filter((r) => r.op === op);
    const floor = op === 'commit (filled)' ? report.floor.perN : op === 'commit (sparse)' ? report.floor.perN.map((f) => ({ n: f.n, ms: f.sparseMs })) : [];
    const ns = [...new Set([...rs.map((r) => r.n), ...floor.map((f) => f.n)])].sort((a, b) => a - b);
    const ys = [...rs.map((r) => r.medianMs), ...floor.map((f) => f.ms)].filter((v) => v > 0);
    if (ns.length === 0 || ys.length === 0) continue;
    const [nMin, nMax] = [Math.log2(ns[0]!), Math.log2(ns.at(-1)!)];
    const [yMin, yMax] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))];
    const px = (n: number) => x0 + M.l + ((Math.log2(n) - nMin) / Math.max(1e-9, nMax - nMin)) * (W - M.l - M.r);
    const py = (ms: number) => y0 + H - M.b - ((Math.log10(ms) - yMin) / Math.max(1e-9, yMax - yMin)) * (H - M.t - M.b);
    out.push(`<text x="${x0 + W / 2}" y="${y0 + 16}" text-anchor="middle" font-size="12" font-weight="bold">${esc(op)}</text>`);
    out.push(`<rect x="${x0 + M.l}" y="${y0 + M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#999"/>`);
    for (let e = yMin; e <= yMax; e++) {
      const y = py(10 ** e);
      out.push(`<line x1="${x0 + M.l}" x2="${x0 + W - M.r}" y1="${y}" y2="${y}" stroke="#eee"/>`);
      out.push(`<text x="${x0 + M.l - 4}" y="${y + 3}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toPrecision(1)} ms</text>`);
    }
    for (const n of ns) out.push(`<text x="${px(n)}" y="${y0 + H - M.b + 12}" text-anchor="middle">${n}</text>`);
    out.push(`<text x="${x0 + M.l + (W - M.l - M.r) / 2}" y="${y0 + H - 6}" text-anchor="middle">members N</text>`);
    const line = (pts: { n: number; ms: number }[], color: string, dash: string) => {
      const ok = pts.filter((p) => p.ms > 0).sort((a, b) => a.n - b.n);
      if (ok.length === 0) return;
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${ok.map((p) => `${px(p.n).toFixed(1)},${py(p.ms).toFixed(1)}`).join(' ')}"/>`);
      for (const p of ok) out.push(`<circle cx="${px(p.n).toFixed(1)}" cy="${py(p.ms).toFixed(1)}" r="2" fill="${color}"/>`);
    };
    for (const [i, suite] of suites.entries()) {
      for (const provider of ['native', 'stock'] as const) {
        line(rs.filter((r) => r.suite === suite && r.provider === provider).map((r) => ({ n: r.n, ms: r.medianMs })), COLORS[i % COLORS.length]!, provider === 'stock' ? '5,3' : '');
      }
    }
    line(floor.map((f) => ({ n: f.n, ms: f.ms })), '#555', '1,3');
  }
  const ly = rows * H + 16;
  out.push(`<text x="10" y="${ly}" font-size="11">solid: native provider; dashed: stock ts-mls provider; dotted grey: node:crypto floor of a path-update commit (see bench/mls/floor.ts)</text>`);
  for (const [i, suite] of suites.entries()) {
    const y = ly + 16 * (i + 1);
    out.push(`<line x1="10" x2="40" y1="${y - 4}" y2="${y - 4}" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`);
    out.push(`<text x="46" y="${y}">suite ${suite} ${esc(report.suites.find((s) => s.id === suite)?.name ?? '')}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
