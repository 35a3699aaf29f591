import type { AttackCell, AttackMatrix } from './attackMatrix.ts';

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(100 * x)}%` : '-');
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** A cell in a few characters: success rate, then what was exposed, forged, detected, filtered. */
export function cellText(c: AttackCell | undefined): string {
  if (c === undefined) return '';
  if (!c.applicable) return 'n/a';
  const parts = [c.attempts === 0 ? 'no try' : pct(c.successRate)];
  if (c.exposedPerRun > 0) parts.push(`exp ${num(c.exposedPerRun)}`);
  if (c.forgedPerRun > 0) parts.push(`forg ${num(c.forgedPerRun)}`);
  if (c.detected > 0) parts.push(`det ${c.detected}/${c.attempts} ${num(Math.round(c.meanDetectionSeconds * 10) / 10)}s`);
  if (c.spamReach !== undefined) parts.push(`reach ${pct(c.spamReach)}`);
  if (c.falsePositiveRate !== undefined) parts.push(`fp ${pct(c.falsePositiveRate)}`);
  return parts.join(' ');
}

/** The matrix as a table: rows attack x defense, one column per architecture. */
export function formatAttacks(m: AttackMatrix): string {
  const header = ['attack', 'defense', ...m.architectures];
  const rows = m.rows.map((r) => [r.attack, r.defense, ...m.architectures.map((a) => cellText(r.cells[a]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `attack matrix: scenario ${m.scenario}, seeds ${m.seeds.join(',')}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'cell: success rate (successful attempts / attempts, measured on outcomes); exp/forg = messages exposed to / forged by the attacker per run;',
    'det k/n Ts = attempts detected and mean virtual seconds to detection; reach = share of targets that saw spam; fp = legitimate messages filtered; n/a = attack needs what the architecture lacks',
  ].join('\n');
}

const CSV_FIELDS = ['runs', 'attempts', 'successes', 'successRate', 'exposedPerRun', 'forgedPerRun', 'detected', 'meanDetectionSeconds', 'maxDetectionSeconds', 'falsePositiveRate', 'spamReach'] as const;

/** One CSV line per attack x defense x architecture. */
export function attacksCsv(m: AttackMatrix): string {
  const lines = [['attack', 'defense', 'architecture', 'applicable', ...CSV_FIELDS].join(',')];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  for (const r of m.rows)
    for (const a of m.architectures) {
      const c = r.cells[a];
      if (c === undefined) continue;
      const values = c.applicable ? CSV_FIELDS.map((f) => (c[f] === undefined ? '' : String(c[f]))) : CSV_FIELDS.map(() => '');
      lines.push([quote(r.attack), quote(r.defense), a, String(c.applicable), ...values].join(','));
    }
  return lines.join('\n') + '\n';
}
