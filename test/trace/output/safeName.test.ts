import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeName } from '../../../sim/trace/output/index.ts';

test('safe labels are kept as they are', () => {
  for (const l of ['1', 'silo-7', 'federated-mls-42', 'default', 'a.b_c-d']) assert.equal(safeName(l), l);
});

test('unsafe labels become one safe component with a hash of the original', () => {
  const hostile = ['../../../../X', '..', '.', '', '/etc/passwd', 'a/b', 'a\\b', '.hidden', '-rf', 'x\u0000y', 'ü', 'a'.repeat(300), 'C:\\x', '~'];
  for (const l of hostile) {
    const n = safeName(l);
    assert.match(n, /^[A-Za-z0-9_][A-Za-z0-9._-]*~[0-9a-f]{12}$/, `${JSON.stringify(l)} -> ${n}`);
    assert.ok(n.length <= 80);
    assert.notEqual(n, '..');
  }
});

test('distinct labels stay distinct, even when sanitising maps them to the same characters', () => {
  const labels = ['a/b', 'a\\b', 'a b', 'a_b', 'a?b', '../x', '..\\x', '.x', '_x', 'x'.repeat(100), 'x'.repeat(101)];
  const names = labels.map(safeName);
  assert.equal(new Set(names).size, labels.length, names.join(' '));
  assert.equal(safeName('a/b'), safeName('a/b'), 'deterministic');
});
