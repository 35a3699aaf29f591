import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
// @ts-expect-error plain ESM script without types
import { violations } from '../scripts/check-imports.mjs';

test('dependencies point inward: the kernel imports nothing, sim/mls is the only ts-mls importer', () => {
  assert.deepEqual(violations(), []);
  const importers = execFileSync('grep', ['-rl', "from 'ts-mls", 'sim', 'scenarios', 'viz', 'bench'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean);
  assert.ok(importers.length > 0);
  for (const f of importers) assert.match(f, /^sim\/mls\//, `${f} imports ts-mls`);
});
