import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './runCli.ts';
import { writeTinyScenario } from './tinyScenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-pcs-'));
const tiny = writeTinyScenario(dir);

test('pcs prints one row per policy with intervals over seeds and writes the same study to pcs.json', () => {
  const out = join(dir, 'out');
  const r = cli('pcs', tiny, '--protocol', 'signal', '--seeds', '2', '--duration', '12', '--at', '4', '--victims', '2', '--workers', '2', '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /post-compromise security: scenario tiny, 2 device\(s\) imaged at 4 s of 12 s, seeds 1,2/);
  const study = JSON.parse(readFileSync(join(out, 'pcs.json'), 'utf8'));
  assert.equal(study.kind, 'interop-sim/pcs');
  assert.equal(study.rows.length, 3, 'the three Signal policies');
  for (const row of study.rows) {
    assert.equal(row.protocol, 'signal');
    assert.equal(row.runs, 2);
    assert.equal(row.metrics.readShare.values.length, 2, 'one value per seed');
    assert.ok(row.laterMessages > 0, 'messages addressed to the victims after the compromise');
    assert.ok(r.out.includes(row.policy));
  }
});

test('pcs: bad flags are one-line errors with exit 2', () => {
  for (const args of [['--seeds', '0'], ['--at', 'soon'], ['--protocol', 'smoke-signals'], ['--duration', '20', '--at', '30']]) {
    const r = cli('pcs', tiny, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.trim().split('\n').length <= 2, true, r.err);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  assert.match(cli('pcs', tiny, '--duration', '20', '--at', '30').err, /--at: 30 s is not before the end of the workload/);
});
