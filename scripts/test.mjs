// Runs the test suite with node's own test runner. `--slow` runs the separately named slow suite
// (files ending in .slow.test.ts), which `npm test` leaves out to stay within minutes.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const slow = process.argv.includes('--slow');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const expanded = only.flatMap((a) => (statSync(a, { throwIfNoEntry: false })?.isDirectory() ? walk(a) : [a]));
const files = (only.length ? expanded : walk('test')).filter((f) => f.endsWith('.slow.test.ts') === slow || only.length > 0);
if (files.length === 0) {
  console.error('error: no test files found');
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files];
const res = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(res.status ?? 1);
