/** Left-aligned first `left` columns (and the last, if `textLast`), right-aligned numbers, two spaces apart. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], left: number, textLast = false): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < left || (textLast && i === header.length - 1) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
