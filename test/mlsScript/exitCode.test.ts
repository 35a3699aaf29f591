// The mls-script command's exit status: any script that does not pass makes it non-zero.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../cli/runCli.ts';
import { scriptPath } from './helpers.ts';

test('mls-script exits 1 when a script fails, 0 when all pass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mls-script-exit-'));
  const failing = join(dir, 'failing.json');
  // bob never made a key package, so joinGroup fails at action 2.
  writeFileSync(
    failing,
    JSON.stringify({
      scripts: {
        fails: [
          { action: 'createGroup', actor: 'alice' },
          { action: 'createKeyPackage', actor: 'carol' },
          { action: 'fullCommit', actor: 'alice', byValue: [{ proposalType: 'add', keyPackage: 1 }], joiners: ['bob'] },
        ],
      },
    }),
  );
  const bad = cli('mls-script', failing);
  assert.match(bad.out, /0 pass, 1 fail/);
  assert.equal(bad.code, 1, bad.err);
  const good = cli('mls-script', scriptPath('application.json'));
  assert.match(good.out, /fail/);
  assert.equal(good.code, 0, good.err);
});
