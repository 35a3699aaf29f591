import assert from 'node:assert/strict';
import { test } from 'node:test';
import { databaseUrlOption } from '../../sim/cli/databaseErrors.ts';
import { cli } from './runCli.ts';

test('--database takes postgres:// and postgresql:// URLs as given', () => {
  assert.equal(databaseUrlOption('postgres://u:p@db.example:5432/sweeps'), 'postgres://u:p@db.example:5432/sweeps');
  assert.equal(databaseUrlOption(' postgresql://localhost/x '), 'postgresql://localhost/x');
});

test('--database refuses what is not a postgres URL, naming the flag, before anything starts', () => {
  assert.throws(() => databaseUrlOption('notaurl'), /--database expects a URL such as postgres:/);
  assert.throws(() => databaseUrlOption('http://db/x'), /--database expects a postgres:\/\/ or postgresql:\/\/ URL, got scheme "http"/);
});

test('every command with --database refuses a bad URL with one line and exit 2', () => {
  for (const args of [['worker', '--database', 'notaurl'], ['compare', '--database', 'mysql://x/y', '--seeds', '1'], ['sweep', 'nothing.yaml', '--database', 'x']]) {
    const r = cli(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /--database expects/);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});
