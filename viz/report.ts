import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { bundleModules } from './bundle.ts';
import { groupList } from './groupSeries.ts';
import { providerMatrix } from './providerMatrix.ts';
import { reportExcerpt } from './reportExcerpt.ts';
import { isDirectory, loadRunDir } from './runDir.ts';
import { D3_BUNDLE, PUBLIC_DIR } from './assets.ts';
import { writeFileAtomic } from '../sim/trace/output/index.ts';

export { REPORT_FLOW_ARROWS } from './reportExcerpt.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON that is safe inside a <script> element: no `<`, `>`, `&` or line separators appear raw. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function inlineScript(code: string, what: string): string {
  if (/<\/script|<!--/i.test(code)) throw new Error(`report: ${what} contains a sequence that would end its <script> element`);
  return code;
}

/**
 * Writes one self-contained HTML file for a run or compare directory: the comparison charts (if
 * compare.json), the topology and the first hops of the message flow, with d3, the page scripts and
 * the data inlined. It opens from disk with no network; its CSP allows only its own inline scripts
 * (by hash) and no connections. Rejects with a one-line RangeError for a missing directory or a
 * file that cannot be read (naming the file and, for the trace, the line).
 */
export async function writeReport(runDir: string, outFile: string): Promise<{ readonly outFile: string; readonly bytes: number }> {
  if (!isDirectory(runDir)) throw new RangeError(`run-dir: not a directory: ${runDir}`);
  const name = basename(resolve(runDir));
  const run = await loadRunDir(runDir, name);
  if (run.errors.length > 0) throw new RangeError(run.errors.length === 1 ? run.errors[0]! : `${run.errors[0]} (and ${run.errors.length - 1} more problems)`);
  // Nothing to show is an error, not an empty report.
  if (run.trace !== undefined && run.trace.index.lines === 0) throw new RangeError(`${name}/trace.jsonl: empty trace (a run that did not finish?)`);
  if (run.trace === undefined && run.compare === undefined && run.headline === undefined) throw new RangeError(`run-dir: ${runDir} holds no trace.jsonl, summary.json or compare.json`);

  let trace: object | undefined;
  if (run.trace) {
    const { index, lanes, graph, entities } = run.trace;
    trace = {
      stats: { lines: index.lines, arrows: index.arrows.count, messages: index.messages.count, tMin: index.tMin, tMax: index.tMax },
      graph,
      ...reportExcerpt(index, lanes),
      matrix: { ...providerMatrix(index, entities), ...(run.perPair !== undefined && { perPair: run.perPair }) },
      groups: groupList(index),
    };
  }
  const data = { name, headline: run.headline ?? null, compare: run.compare ?? null, trace: trace ?? null };

  const css = readFileSync(join(PUBLIC_DIR, 'style.css'), 'utf8');
  const d3 = inlineScript(readFileSync(D3_BUNDLE, 'utf8'), 'd3');
  const app = inlineScript(bundleModules(join(PUBLIC_DIR, 'app', 'reportMain.js')), 'the report script');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(d3)} ${sha256(app)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>interop-sim report: ${escapeHtml(name)}</title>
<link rel="icon" href="data:,">
<style>${css}</style>
</head>
<body class="report">
<header class="top"><h1>interop-sim report</h1><div id="report-summary" class="muted"></div></header>
<main id="report"><p class="notice">This report needs JavaScript to draw its charts.</p></main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${d3}</script>
<script>${app}</script>
</body>
</html>
`;
  // Under a temporary name first: an interrupted write never leaves half a report under the final name.
  writeFileAtomic(outFile, html);
  return { outFile, bytes: Buffer.byteLength(html) };
}
