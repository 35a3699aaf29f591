// The vector report as text: one row per file kind and ciphersuite, then every failure (file, case,
// suite, what differed), then why cases were unsupported, then the totals.
import { RFC_SUITE_NAMES } from '../mls/vectors/index.ts';
import type { VectorReport } from './runVectors.ts';

export function formatVectorReport(r: VectorReport, seconds?: number): string {
  const header = ['kind', 'file', 'suite', 'pass', 'fail', 'unsupported'];
  const rows = r.tallies.map((t) => [t.kind, t.file, String(t.suite), String(t.pass), String(t.fail), String(t.unsupported)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];

  const perSuite = new Map<string, { pass: number; fail: number; unsupported: number }>();
  for (const t of r.tallies) {
    const k = String(t.suite);
    const s = perSuite.get(k) ?? { pass: 0, fail: 0, unsupported: 0 };
    s.pass += t.pass;
    s.fail += t.fail;
    s.unsupported += t.unsupported;
    perSuite.set(k, s);
  }
  out.push('', 'per ciphersuite:');
  for (const [k, s] of [...perSuite.entries()].sort(([a], [b]) => (a === '-' ? -1 : b === '-' ? 1 : Number(a) - Number(b)))) {
    const name = k === '-' ? 'suite-independent' : `${k} ${RFC_SUITE_NAMES[Number(k)] ?? ''}`.trimEnd();
    out.push(`  ${name}: ${s.pass} pass, ${s.fail} fail, ${s.unsupported} unsupported`);
  }
  if (r.failures.length > 0) {
    out.push('', 'failures:');
    for (const f of r.failures) out.push(`  FAIL ${f.file} case ${f.index} (suite ${f.suite}): ${detail(f.outcome)}`);
  }
  if (r.unsupported.length > 0) {
    const reasons = new Map<string, number>();
    for (const u of r.unsupported) reasons.set(detail(u.outcome), (reasons.get(detail(u.outcome)) ?? 0) + 1);
    out.push('', 'unsupported:');
    for (const [why, n] of reasons) out.push(`  ${n} case${n === 1 ? '' : 's'}: ${why}`);
  }
  const t = r.totals;
  const time = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`;
  const skipped = t.skipped > 0 ? `, ${t.skipped} of other suites skipped` : '';
  out.push('', `${t.pass} pass, ${t.fail} fail, ${t.unsupported} unsupported${skipped}${time}`);
  return out.join('\n');
}

const detail = (o: { detail: string }) => o.detail;
