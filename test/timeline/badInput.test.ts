// Bad timeline input: one `error:` line naming the field, exit 2, nothing written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { validateTimeline } from '../../sim/timeline/loadTimeline.ts';
import { TimelineError } from '../../sim/timeline/timelineError.ts';

const BIN = new URL('../../bin/interop-sim.mjs', import.meta.url).pathname;
const PRESET = new URL('../../scenarios/timelines/dma-art7-meta.yaml', import.meta.url).pathname;
const base = () => parse(readFileSync(PRESET, 'utf8')) as Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'isim-timeline-'));

function problems(edit: (d: Record<string, any>) => void): string[] {
  const d = base();
  edit(d);
  try {
    validateTimeline(d, 'x.yaml');
  } catch (e) {
    if (e instanceof TimelineError) return [...e.problems];
    throw e;
  }
  return [];
}

test('each problem names its field', () => {
  assert.match(problems((d) => (d.inputs = { requestToLiveMonths: 4 })).join('\n'), /inputs\.requestToLiveMonths.*3 months \(DMA Art\. 7\(5\)\)/);
  assert.match(problems((d) => (d.variants[0].phases[2].requests = ['nobody'])).join('\n'), /variants\[0\]\.phases\[2\]\.requests\[0\]: no provider "nobody"/);
  assert.match(problems((d) => (d.variants[0].phases[1].date = '2023-01')).join('\n'), /variants\[0\]\.phases\[1\]\.date: .*before the phase above/);
  assert.match(problems((d) => (d.providers[0].mainShare = 0.99)).join('\n'), /providers: the mainShare values add up to/);
  assert.match(problems((d) => (d.inputs = { nonsense: 1 })).join('\n'), /inputs\.nonsense: not an input/);
  assert.match(problems((d) => (d.months = 0)).join('\n'), /months: expected 1 to 240 months/);
  assert.match(problems((d) => (d.variants[0].phases[1].offer.arrangement = 'carrier-pigeon')).join('\n'), /variants\.0\.phases\.1\.offer\.arrangement|variants\[0\]\.phases\[1\]\.offer\.arrangement/);
  assert.match(problems((d) => (d.variants[0].phases[1].offer.regions = ['mars'])).join('\n'), /variants\[0\]\.phases\[1\]\.offer\.regions\[0\]: no region "mars" in users\.regions \(known: eu\)/);
  assert.match(problems((d) => (d.users = { regions: { eu: 0.5 }, platforms: { mobile: 1 } })).join('\n'), /users\.regions: the shares add up to 0\.500, not 1/);
  assert.deepEqual(problems(() => {}), []);
});

test('the CLI: one error line naming the field, exit 2, nothing written', () => {
  const d = base();
  d.inputs = { requestToLiveMonths: 6 };
  const f = join(dir, 'late.yaml');
  writeFileSync(f, stringify(d));
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [BIN, 'timeline', f, '--population-only', '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^error: .*late\.yaml: inputs\.requestToLiveMonths: expected at most 3 months/);
  assert.ok(!existsSync(out));
  const v = spawnSync(process.execPath, [BIN, 'timeline', 'dma-art7-meta', '--variants', 'nope', '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(v.status, 2);
  assert.match(v.stderr, /^error: --variants: no variant "nope"/);
  const m = spawnSync(process.execPath, [BIN, 'timeline', 'no-such-preset'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(m.status, 2);
  assert.match(m.stderr, /^error: no-such-preset: no such file, and not a timeline preset \(dma-art7-meta\)/);
});

test('population-only run writes the series, the brief and marks protocol figures not measured', () => {
  const out = join(dir, 'pop');
  const r = spawnSync(process.execPath, [BIN, 'timeline', 'dma-art7-meta', '--population-only', '--no-tornado', '--seeds', '1', '--agents', '500', '--variants', 'dma-art7-meta,mimi-mandated', '--out', out], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /E2EE of cross-app msgs\s+not measured/);
  const j = JSON.parse(readFileSync(join(out, 'timeline.json'), 'utf8'));
  assert.equal(j.kind, 'interop-sim/timeline');
  assert.equal(j.variants.length, 2);
  assert.ok(j.variants[0].protocol.e2eeCrossPct.mean.every((x: unknown) => x === null));
  assert.match(readFileSync(join(out, 'brief.html'), 'utf8'), /Assumptions and sources/);
  assert.match(readFileSync(join(out, 'series.csv'), 'utf8'), /^variant,month,level,series,mean,low,high\n/);
  // `report` on a timeline folder writes the same brief.
  const brief = join(dir, 'brief.html');
  const rep = spawnSync(process.execPath, [BIN, 'report', out, '-o', brief], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(rep.status, 0, rep.stderr);
  assert.match(rep.stdout, /policy brief of timeline dma-art7-meta/);
  assert.equal(readFileSync(brief, 'utf8'), readFileSync(join(out, 'brief.html'), 'utf8'));
});
