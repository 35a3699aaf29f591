import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARCHITECTURE_NAMES } from '../../sim/interop/architecture.ts';
import { ATTACK_CASES } from '../../sim/attacks/catalog.ts';

// The whole matrix on the built-in default scenario (minutes on two cores): `npm run test:slow`.
test('interop-sim attacks on the default scenario prints every attack x defense row for all six architectures', () => {
  const out = mkdtempSync(join(tmpdir(), 'isim-attacks-default-'));
  const r = spawnSync(process.execPath, [new URL('../../bin/interop-sim.mjs', import.meta.url).pathname, 'attacks', '--out', out], { encoding: 'utf8', timeout: 3_600_000 });
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(readFileSync(join(out, 'attacks.json'), 'utf8'));
  assert.deepEqual(m.architectures, [...ARCHITECTURE_NAMES]);
  assert.equal(m.rows.length, ATTACK_CASES.length);
  for (const row of m.rows) {
    assert.ok(r.stdout.split('\n').some((l) => l.startsWith(row.attack) && l.includes(row.defense)), `row ${row.attack} / ${row.defense} printed`);
    const applicable = ARCHITECTURE_NAMES.filter((a) => row.cells[a].applicable);
    assert.ok(applicable.length > 0, `${row.attack} / ${row.defense} runs somewhere`);
    for (const a of applicable) assert.equal(row.cells[a].runs, 1);
  }
});
