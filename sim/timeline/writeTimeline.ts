import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { briefHtml } from './briefHtml.ts';
import type { TimelineResult } from './runTimeline.ts';
import { runsCsv, seriesCsv, tornadoCsv } from './timelineCsv.ts';

export const TIMELINE_FILES = ['timeline.json', 'series.csv', 'tornado.csv', 'runs.csv', 'brief.html'] as const;

/** Writes every output under a temporary name and renames it into place; timeline.json last. */
export function writeTimeline(dir: string, r: TimelineResult): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['series.csv', seriesCsv(r)],
    ['tornado.csv', tornadoCsv(r)],
    ['runs.csv', runsCsv(r)],
    ['brief.html', briefHtml(r)],
    ['timeline.json', JSON.stringify(r, null, 1) + '\n'],
  ];
  return files.map(([name, text]) => {
    const tmp = join(dir, `.${name}.partial-${process.pid}`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
    return join(dir, name);
  });
}
