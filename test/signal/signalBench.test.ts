// Smoke test of the Signal benchmark (bench/signalBench.ts) at N=2: every operation on both
// implementations, the floor, the membership table beside MLS, and the JSON report.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSignalBench, SIGNAL_OPS } from '../../bench/signalBench.ts';

test('runSignalBench --quick at N=2: native, libsignal and floor columns, membership beside MLS, JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signal-bench-'));
  try {
    const lines: string[] = [];
    const report = await runSignalBench({ quick: true, ns: [2], json: join(dir, 'r.json'), log: (l) => lines.push(l) });
    assert.equal(report.ops.length, SIGNAL_OPS.length);
    for (const o of report.ops) {
      assert.ok(o.nativeMs > 0 && Number.isFinite(o.nativeMs), o.op);
      assert.ok(o.libsignalMs !== undefined && o.libsignalMs > 0, `${o.op} libsignal`);
    }
    const m = report.membership[0]!;
    assert.equal(m.n, 2);
    assert.equal(m.removePairwiseMessages, 0);
    assert.ok(m.mlsAdd.commitMs > 0 && m.mlsRemove.commitMs > 0 && m.signalAddMs > 0);
    assert.equal(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).ops.length, SIGNAL_OPS.length);
    assert.ok(lines.some((l) => /native\/libsignal/.test(l)));
    await assert.rejects(runSignalBench({ quick: true, ns: [1], log: () => {} }), RangeError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing under sim/ imports libsignal-client (AGPL, a test and benchmark devDependency only)', async () => {
  const { execFileSync } = await import('node:child_process');
  let out = '';
  try {
    out = execFileSync('grep', ['-rl', '--include=*.ts', '--include=*.mjs', '--include=*.js', '@signalapp/libsignal-client', 'sim', 'scenarios', 'viz', 'bin'], { encoding: 'utf8' });
  } catch {
    out = ''; // grep exits 1 when nothing matches
  }
  assert.equal(out.trim(), '');
});
