import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './runCli.ts';
import { writeTinyScenario } from './tinyScenario.ts';

// compare, attacks and pcs run their cells on the local cell pool (sim/cells): whatever order the cells
// finish in, the study printed is the same, byte for byte (compare: but for what it measures in
// wall-clock time, its crypto milliseconds per message and per multi-protocol user).
const dir = mkdtempSync(join(tmpdir(), 'isim-same-'));
const tiny = writeTinyScenario(dir, 10);

// compare and attacks are checked the same way against their queued runs (test/sweep/queuedStudy.test.ts).
test('pcs: the same study, byte for byte, on one thread and on two', () => {
  const args = ['pcs', tiny, '--protocol', 'signal', '--seeds', '2', '--duration', '12', '--at', '4', '--victims', '2', '--json'];
  const one = cli(...args, '--workers', '1');
  const two = cli(...args, '--workers', '2');
  assert.equal(one.code, 0, one.err);
  assert.equal(two.code, 0, two.err);
  assert.ok(one.out.length > 100);
  assert.equal(two.out, one.out);
});
