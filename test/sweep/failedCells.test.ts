import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../cli/runCli.ts';

const SWEEP = new URL('../fixtures/sweeps/failing.yaml', import.meta.url).pathname;

interface Written {
  cells: { point: number; seed: string; digest: string; worker: string }[];
  failed: { point: number; seed: string; error: string; attempts: number }[];
}

test('a failing cell keeps its error (exit 1); --retry-failed runs only that cell again', { timeout: 300_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'isim-sweep-failed-'));
  chmodSync(out, 0o755); // as root, the embedded server runs as `postgres` and must be able to enter it
  const first = cli('sweep', SWEEP, '--out', out, '--workers', '1', '--keep-runs');
  assert.equal(first.code, 1, first.err);
  // --keep-runs: the cell that ran keeps its trace and summary where the viewer links it from.
  const summary = JSON.parse(readFileSync(join(out, 'runs', 'p0-s1', 'summary.json'), 'utf8')) as { digest: string };
  assert.equal(existsSync(join(out, 'runs', 'p0-s1', 'trace.jsonl')), true);
  assert.equal(existsSync(join(out, 'runs', 'p1-s1', 'summary.json')), false, 'a failed cell leaves no run');
  const progress = JSON.parse(readFileSync(join(out, 'progress.json'), 'utf8')) as { state: string; total: number; done: number; failed: number };
  assert.deepEqual([progress.state, progress.total, progress.done, progress.failed], ['finished', 2, 1, 1]);
  assert.match(first.err, /error: 1 cell\(s\) failed; .*--retry-failed/);
  assert.match(first.out, /failed: point 1 seed 1 \(2 attempts\): faulty engine \(test fixture\): createMember always fails/);
  const a = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Written;
  assert.deepEqual(a.cells.map((c) => c.point), [0]);
  assert.equal(a.cells[0]!.digest, summary.digest, 'the kept run is the cell\'s run');
  assert.deepEqual(a.failed.map((f) => [f.point, f.attempts]), [[1, 2]], 'retries: 1 means two attempts');
  assert.match(readFileSync(join(out, 'charts', 'deliveryRatio.svg'), 'utf8'), /^<svg[^>]*>[\s\S]*deliveryRatio vs mls\.engine\.module[\s\S]*<\/svg>$/);
  const page = readFileSync(join(out, 'index.html'), 'utf8');
  assert.match(page, /<img src="charts\/deliveryRatio\.svg"/);
  assert.match(page, /point 1, seed 1 \(2 attempts\): faulty engine \(test fixture\): createMember always fails/);
  assert.match(readFileSync(join(out, 'points.csv'), 'utf8'), /^point,mls\.engine\.module,seeds,deliveryRatio,deliveryRatio_ci95\n0,\.\.\/wrappedEngine\.ts,1,1,0\n$/);

  const again = cli('sweep', SWEEP, '--out', out, '--workers', '1', '--retry-failed');
  assert.equal(again.code, 1, again.err);
  const b = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Written;
  assert.deepEqual(b.cells, a.cells, 'the cell that was done is not run again');
  assert.deepEqual(b.failed.map((f) => [f.point, f.attempts]), [[1, 3]], 'the failed cell had one more attempt');
});
