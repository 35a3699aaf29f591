import type { TimelineResult } from './runTimeline.ts';
import { lineChart, PALETTE } from './svgChart.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A one-page brief a policymaker can read without the tool: the question, the answer in three charts
 * (cross-app reach, E2EE of cross-app messages, apps and multi-homing), every variant side by side, the
 * assumptions with their sources, and what was measured (with the runs) against what was modelled.
 */
export function briefHtml(r: TimelineResult): string {
  const base = r.variants[0]!;
  const markers = base.phases.map((p) => ({ month: p.month, label: p.label }));
  const lines = (pick: (v: (typeof r.variants)[number]) => import('./band.ts').Band | undefined) =>
    r.variants.flatMap((v, i) => {
      const b = pick(v);
      return b === undefined ? [] : [{ label: v.label, band: b, color: PALETTE[i % PALETTE.length]! }];
    });
  const reach = lineChart({ title: '1. Contact pairs on different apps who can message each other (1:1)', months: r.months, lines: lines((v) => v.series['crossReach.oneToOne']), markers, yLabel: '% of cross-app pairs', scale: 100 });
  const e2ee = lineChart({ title: '2. Share of cross-app messages end-to-end encrypted (measured)', months: r.months, lines: lines((v) => v.protocol.e2eeCrossPct), markers, yLabel: '% E2EE' });
  const apps = lineChart({ title: '3. Apps held per user', months: r.months, lines: lines((v) => v.series.appsPerUser), markers, yLabel: 'apps per user' });
  const at = (i: number) => Math.min(i, r.months.length - 1);
  const cell = (v: number | null | undefined, f: (x: number) => string) => (v === null || v === undefined ? '<em>not measured</em>' : f(v));
  const summary = r.variants
    .map((v) => `<tr><td>${esc(v.label)}</td>${[6, 24, 48].map((i) => `<td>${cell(v.series['crossReach.oneToOne']?.mean[at(i)], (x) => (100 * x).toFixed(1) + '%')}</td><td>${v.series.crossMessages?.hi[at(i)] === 0 ? '<em>no cross-app messages</em>' : cell(v.protocol.e2eeCrossPct?.mean[at(i)], (x) => x.toFixed(1) + '%')}</td>`).join('')}<td>${cell(v.series.appsPerUser?.mean[at(r.months.length - 1)], (x) => x.toFixed(2))}</td></tr>`)
    .join('');
  const inputs = r.inputs.map((i) => `<tr><td><code>${esc(i.name)}</code></td><td>${i.value}</td><td>${i.low} to ${i.high}</td><td>${esc(i.meaning)}</td><td>${esc(i.source)}</td></tr>`).join('');
  const providers = r.providers.map((p) => `<tr><td>${esc(p.name)}</td><td>${esc(p.role)}</td><td>${esc(p.source ?? '')}</td></tr>`).join('');
  const runs = r.worlds.map((w) => `<tr><td>${esc(w.carrier)}</td><td>${esc(w.stands)}</td><td>${cell(w.metrics.e2eePreservedPct?.mean, (x) => x.toFixed(1) + '%')}</td><td>${cell(w.metrics.plaintextExposurePerMessage?.mean, (x) => x.toFixed(2))}</td><td>${cell(w.metrics.featureFidelity?.mean, (x) => x.toFixed(3))}</td><td><code>${esc(w.sweepId)}</code>: ${w.runs.map((x) => `seed ${esc(x.seed)} <code>${x.digest.slice(0, 12)}</code>`).join(', ')}</td></tr>`).join('');
  const top = r.tornado.map((t) => `<li>${esc(t.label)}: ${t.bars.slice(0, 3).map((b) => `<code>${esc(b.input)}</code> (${b.atLow.toFixed(3)} to ${b.atHigh.toFixed(3)})`).join(', ')}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font:14px/1.45 sans-serif;max-width:980px;margin:24px auto;padding:0 12px;color:#222}table{border-collapse:collapse;font-size:12px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}th{background:#f4f4f4}h1{font-size:20px}h2{font-size:16px;margin-top:22px}.charts svg{display:block;margin:6px 0}em{color:#999}</style></head><body>
<h1>${esc(r.title)}</h1>
<p><strong>Question.</strong> ${esc(r.question)}</p>
<h2>Answer</h2>
<table><tr><th rowspan="2">variant</th><th colspan="2">month 6</th><th colspan="2">year 2</th><th colspan="2">year 4</th><th rowspan="2">apps/user, end</th></tr><tr><th>cross-app reach</th><th>E2EE</th><th>cross-app reach</th><th>E2EE</th><th>cross-app reach</th><th>E2EE</th></tr>${summary}</table>
<p>Cross-app reach is the share of contact pairs with no app in common who can still message each other. Lines are means over ${r.seeds.length} seed(s); shaded bands run from the lowest to the highest seed. Dashed lines mark the phases of the first variant.</p>
<div class="charts">${reach}${e2ee}${apps}</div>
${top === '' ? '' : `<h2>What moves the results most</h2><ul>${top}</ul>`}
<h2>Measured vs modelled</h2>
<p><strong>Measured</strong> (real simulator runs with real MLS and Signal cryptography, scaled-down worlds, one per arrangement in force): end-to-end encryption, exposure points, feature fidelity and latency of each arrangement. Each figure traces to these runs:</p>
<table><tr><th>carrier</th><th>world</th><th>E2EE</th><th>exposure/msg</th><th>fidelity</th><th>sweep and runs (trace digests)</th></tr>${runs || '<tr><td colspan="6"><em>not run: every protocol-level figure is not measured</em></td></tr>'}</table>
<p><strong>Modelled</strong> (population level): who holds which apps, opts in, installs, drops and switches, over ${r.months.length} months. ${esc(r.model)}</p>
<p><strong>Not measured:</strong></p><ul>${r.notMeasured.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<h2>Assumptions and sources</h2>
<table><tr><th>input</th><th>value</th><th>range</th><th>meaning</th><th>source</th></tr>${inputs}</table>
<table><tr><th>provider</th><th>role</th><th>source</th></tr>${providers}</table>
<ul>${r.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<h2>Schedules compared</h2>
${r.variants.map((v) => `<p><strong>${esc(v.label)}</strong>: ${esc(v.description)}</p><ul>${v.phases.map((p) => `<li>${esc(p.month)}: ${esc(p.label)}${p.source ? ` <small>(${esc(p.source)})</small>` : ''}</li>`).join('')}</ul>`).join('')}
<p><small>interop-sim timeline ${esc(r.name)}; ${r.agents} agents standing for ${r.population} users; seeds ${esc(r.seeds.join(', '))}.</small></p>
</body></html>
`;
}
