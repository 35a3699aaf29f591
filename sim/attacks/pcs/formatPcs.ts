import type { MetricEstimate } from '../../compare/compareResult.ts';
import type { PcsStudy } from './pcsStudy.ts';

const pct = (e: MetricEstimate) => (Number.isFinite(e.mean) ? `${(100 * e.mean).toFixed(0)}% ±${(100 * e.ci95).toFixed(0)}` : '-');
const sec = (e: MetricEstimate) => (Number.isFinite(e.mean) ? `${e.mean.toFixed(1)} ±${e.ci95.toFixed(1)}` : '-');
const num = (e: MetricEstimate) => (Number.isFinite(e.mean) ? `${e.mean.toFixed(1)} ±${e.ci95.toFixed(1)}` : '-');

/** The study as a table: one row per protocol x policy, means ± 95% half-widths over seeds. */
export function formatPcs(s: PcsStudy): string {
  const header = ['protocol', 'policy', 'exposed/run', 'read', '1:1 read', 'group read', 'recovered', 'recovery s', 'first unread s'];
  const rows = s.rows.map((r) => {
    const m = r.metrics;
    return [r.protocol, r.policy, num(m.exposed), pct(m.readShare), pct(m.oneToOneReadShare), pct(m.groupReadShare), pct(m.recoveredShare), sec(m.recoverySeconds), sec(m.firstUnreadSeconds)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `post-compromise security: scenario ${s.scenario}, ${s.victims} device(s) imaged at ${s.atSeconds} s of ${s.durationSeconds} s, seeds ${s.seeds.join(',')}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'exposed/run = later messages to the victims the stolen state really decrypted; read = their share of the messages addressed to the victims after the compromise',
    '(1:1 and group apart); recovered = share of compromised conversations that stopped being readable before the run ended; recovery s = seconds from the',
    'compromise to the instant from which the attacker reads none; first unread s = to the first message it could not read. Mean ±95% interval over seeds.',
  ].join('\n');
}
