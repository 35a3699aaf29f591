import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { briefHtml } from './briefHtml.ts';
import type { TimelineResult } from './runTimeline.ts';

/** `report DIR` on a timeline folder: the brief from its timeline.json; undefined when DIR is not one. */
export function timelineBrief(dir: string, outFile: string): { outFile: string; bytes: number; name: string } | undefined {
  const file = join(dir, 'timeline.json');
  if (!existsSync(file)) return undefined;
  let r: TimelineResult;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as TimelineResult;
  } catch (e) {
    throw new RangeError(`${file}: not a readable timeline.json (${String((e as Error).message).split('\n')[0]})`);
  }
  if (r.kind !== 'interop-sim/timeline') throw new RangeError(`${file}: kind: expected "interop-sim/timeline", got ${JSON.stringify(r.kind)}`);
  const html = briefHtml(r);
  const tmp = `${outFile}.partial-${process.pid}`;
  writeFileSync(tmp, html);
  renameSync(tmp, outFile);
  return { outFile, bytes: Buffer.byteLength(html), name: r.name };
}
