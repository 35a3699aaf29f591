// A console table of script reports, one row per script, then a summary line.
import { formatTime } from '../core/index.ts';
import type { ScriptReport } from './scriptReport.ts';

const thousands = (n: number): string => n.toLocaleString('en-US');

/** Failures name the action; an unsupported reason already does. */
function detail(r: ScriptReport): string {
  switch (r.status) {
    case 'pass':
      return '';
    case 'fail':
      return `action ${r.failedAction} (${r.failedActionName}): ${r.reason}`;
    case 'unsupported':
      return r.reason;
    default: {
      const never: never = r;
      throw new Error(`unknown status ${JSON.stringify(never)}`);
    }
  }
}

export function formatScriptReports(reports: readonly ScriptReport[]): string {
  const header = ['script', 'status', 'actions', 'epochs', 'wire bytes', 'envelopes', 'virtual time', 'detail'];
  const rows = reports.map((r) => [
    r.name,
    r.status,
    `${r.actionsRun}/${r.actions}`,
    String(r.epochsVerified),
    thousands(r.wireBytes),
    String(r.envelopes),
    formatTime(r.virtualTime),
    detail(r),
  ]);
  const numeric = new Set([2, 3, 4, 5, 6]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const count = (s: ScriptReport['status']) => reports.filter((r) => r.status === s).length;
  const sources = [...new Set(reports.map((r) => r.source))];
  const summary =
    `${reports.length} script${reports.length === 1 ? '' : 's'}${sources.length === 1 ? ` from ${sources[0]}` : ''}: ` +
    `${count('pass')} pass, ${count('fail')} fail, ${count('unsupported')} unsupported`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), summary].join('\n');
}
