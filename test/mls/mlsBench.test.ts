// Smoke test of the MLS benchmark (bench/mlsBench.ts) on the smallest configuration: it measures both
// providers and the floor, and writes its JSON and SVG.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runMlsBench } from '../../bench/mlsBench.ts';

test('runMlsBench --quick on N=2: every operation on both providers, floor, JSON and SVG', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mls-bench-'));
  try {
    const lines: string[] = [];
    const report = await runMlsBench({ quick: true, ns: [2], suites: [1], json: join(dir, 'r.json'), svg: join(dir, 'r.svg'), log: (l) => lines.push(l) });
    assert.equal(report.results.length, 2 * 9);
    for (const r of report.results) assert.ok(r.meanMs > 0 && r.medianMs > 0 && r.cpuMs >= 0 && Number.isFinite(r.cpuMs), `${r.op} ${r.provider}`);
    assert.ok(report.floor.hpkeMs > 0 && report.floor.perN[0]!.n === 2);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).results.length, report.results.length);
    assert.match(readFileSync(join(dir, 'r.svg'), 'utf8'), /^<svg[^>]*>[\s\S]*commit \(filled\)[\s\S]*<\/svg>$/);
    assert.ok(lines.some((l) => /stock\/native/.test(l)));
    await assert.rejects(runMlsBench({ quick: true, ns: [1], log: () => {} }), RangeError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
