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

test('formatTargets: issue 14 targets from one run, wall and CPU, met or missed', async () => {
  const { formatTargets } = await import('../../bench/mls/report.ts');
  const r = (op: string, provider: string, medianMs: number, cpuMs: number) => ({ suite: 1, op, n: 512, provider, meanMs: medianMs, medianMs, minMs: medianMs, cpuMs, samples: 3 });
  const report = {
    meta: { node: 'v20', cpus: 2, quick: false, date: '', seconds: 1 },
    suites: [{ id: 1, name: 'x' }],
    floor: { primitives: { x25519Keygen: 0, x25519Dh: 0, hkdf: 0, aesGcm: 0, ed25519Sign: 0 }, hpkeMs: 0, signMs: 0, pathNodeMs: 0, fixedMs: 0, perN: [{ n: 512, ms: 2, sparseMs: 80 }] },
    results: [r('join', 'stock', 400, 380), r('join', 'native', 50, 90), r('commit (filled)', 'native', 12, 6)],
    memory: [],
  } as never;
  const lines = formatTargets(report);
  assert.ok(lines.some((l) => /^target join N=512: native\/stock 0\.125x wall \(met\), 0\.237x cpu \(missed\); target <= 0\.15x$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^target commit \(filled\) N=512: native\/floor 6\.0x wall \(missed\), 3\.0x cpu \(met\); target <= 5x$/.test(l)), lines.join('\n'));
  assert.ok(!lines.some((l) => /create\+add/.test(l)), 'not measured, not listed');
});
