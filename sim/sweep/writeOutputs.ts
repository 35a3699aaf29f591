import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepChartSvg } from './sweepChart.ts';
import { sweepPage } from './sweepPage.ts';
import { cellsCsv, pointsCsv, type SweepResult } from './sweepResult.ts';

/** Written beside and renamed into place, so a reader never sees half a file. */
function writeAtomic(path: string, text: string): void {
  const staged = `${path}.partial-${process.pid}`;
  writeFileSync(staged, text);
  renameSync(staged, path);
}

/** results.json, cells.csv, points.csv, charts/<metric>.svg and index.html; returns the files written. */
export function writeSweepOutputs(dir: string, r: SweepResult): string[] {
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const files: [string, string][] = [
    ['results.json', JSON.stringify(r, null, 2) + '\n'],
    ['cells.csv', cellsCsv(r)],
    ['points.csv', pointsCsv(r)],
    ...r.metrics.map((m) => [join('charts', `${m}.svg`), sweepChartSvg(r, m)] as [string, string]),
    ['index.html', sweepPage(r)],
  ];
  for (const [name, text] of files) writeAtomic(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
