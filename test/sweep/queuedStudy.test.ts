import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../cli/runCli.ts';
import { writeTinyScenario } from '../cli/tinyScenario.ts';
import { withoutWallClock } from '../cli/withoutWallClock.ts';

// compare and attacks with --queue: their cells go through the sweep engine (pg-boss, an embedded
// PostgreSQL under OUT/cells/db, two worker processes) and the study printed is the one the local pool
// prints on one thread (cells finishing in another order change nothing).
const dir = mkdtempSync(join(tmpdir(), 'isim-queued-'));
chmodSync(dir, 0o755); // as root the server runs as `postgres`
const tiny = writeTinyScenario(dir, 10);

test('compare --queue: the same study as on the local pool, each run kept in PostgreSQL; run again, it comes from the database', () => {
  const args = ['compare', tiny, '--architectures', 'federated-mls,bridge-reencrypt', '--seeds', '2', '--json'];
  const local = cli(...args, '--workers', '1');
  assert.equal(local.code, 0, local.err);
  const out = join(dir, 'compare');
  const queued = cli(...args, '--queue', '--out', out, '--workers', '2');
  assert.equal(queued.code, 0, queued.err);
  assert.equal(withoutWallClock(queued.out), withoutWallClock(local.out));
  assert.ok(existsSync(join(out, 'cells', 'db')), 'its own PostgreSQL under OUT/cells/db');
  assert.equal(JSON.parse(readFileSync(join(out, 'cells', 'results.json'), 'utf8')).cells.length, 4, 'one row per cell');
  assert.ok(existsSync(join(out, 'runs', 'bridge-reencrypt-2', 'summary.json')), 'each run under OUT/runs, written by the worker that ran it');
  // Every cell has its row: no worker needed, the same bytes (wall-clock measures included: the kept runs).
  const again = cli(...args, '--queue', '--out', out, '--workers', '1');
  assert.equal(again.code, 0, again.err);
  assert.equal(again.out, queued.out);
});

test('attacks --queue prints the matrix the local pool prints, byte for byte', () => {
  const args = ['attacks', tiny, '--attacks', 'metadata observer,bridge operator: alter', '--architectures', 'federated-mls,bridge-reencrypt', '--json'];
  const local = cli(...args, '--workers', '1');
  const queued = cli(...args, '--queue', '--out', join(dir, 'attacks'), '--workers', '2');
  assert.equal(local.code, 0, local.err);
  assert.equal(queued.code, 0, queued.err);
  assert.equal(queued.out, local.out);
});

test('--queue without --out or --database is a one-line error', () => {
  const r = cli('compare', tiny, '--queue');
  assert.equal(r.code, 2);
  assert.match(r.err, /^error: --queue: needs --out DIR/);
});
