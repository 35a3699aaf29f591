import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './runCli.ts';
import { writeTinyScenario } from './tinyScenario.ts';
import { ARCHITECTURE_NAMES } from '../../sim/interop/architecture.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-attacks-'));

const tiny = writeTinyScenario(dir, 10);

test('attacks prints the matrix with a column per architecture and writes the same cells to JSON and CSV', () => {
  const out = join(dir, 'out');
  const r = cli('attacks', tiny, '--attacks', 'metadata observer,bridge operator: alter', '--workers', '2', '--out', out);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  const header = lines.find((l) => /^attack\s+defense/.test(l))!;
  for (const a of ARCHITECTURE_NAMES) assert.ok(header.includes(a), `column ${a}`);
  assert.ok(lines.some((l) => /^metadata observer\s+none\s+\d+%/.test(l)));
  assert.ok(lines.some((l) => /^bridge operator: alter\s+none\s+n\/a\s+n\/a\s+\d+%/.test(l)), 'the bridge operator exists only where there is a re-encrypting bridge');
  const json = JSON.parse(readFileSync(join(out, 'attacks.json'), 'utf8'));
  assert.equal(json.kind, 'interop-sim/attacks');
  assert.deepEqual(json.architectures, [...ARCHITECTURE_NAMES]);
  const csv = readFileSync(join(out, 'attacks.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 1 + json.rows.length * ARCHITECTURE_NAMES.length);
});

test('attacks: bad flags are one-line errors with exit 2', () => {
  for (const args of [['--attacks', 'teleport'], ['--seeds', '0'], ['--architectures', 'carrier-pigeon'], ['--duration', 'long']]) {
    const r = cli('attacks', tiny, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.trim().split('\n').length <= 2, true, r.err);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  assert.match(cli('attacks', tiny, '--attacks', 'teleport').err, /--attacks: unknown "teleport"/);
});
