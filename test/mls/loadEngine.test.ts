import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { loadEngine } from '../../sim/mls/loadEngine.ts';

const here = dirname(fileURLToPath(import.meta.url));

test("'ts-mls' gives the built-in engine", async () => {
  const e = await loadEngine('ts-mls');
  assert.equal(e.name, 'ts-mls');
  assert.ok(e.ciphersuites.some((s) => s.id === 83));
});

test('a module path: default export object, or createEngine(); relative paths resolve against baseDir', async () => {
  assert.equal((await loadEngine({ module: join(here, 'fixtures/defaultEngine.ts') })).name, 'ts-mls');
  assert.equal((await loadEngine({ module: './fixtures/factoryEngine.ts' }, { baseDir: here })).name, 'wrapped');
});

test('a bad module path or a module that is not an engine gives a one-line error', async () => {
  await assert.rejects(loadEngine({ module: '/nonexistent/engine.ts' }), (e: Error) => {
    assert.match(e.message, /^engine\.module: cannot load \/nonexistent\/engine\.ts: /);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
  await assert.rejects(loadEngine({ module: './fixtures/notAnEngine.ts' }, { baseDir: here }), (e: Error) => {
    assert.match(e.message, /is not an MlsEngine, missing memberIdentity, memberCiphersuite, generateKeyPackage/);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
  await assert.rejects(loadEngine({ module: '' }), TypeError);
  await assert.rejects(loadEngine('openmls' as never), /engine: expected 'ts-mls' or \{ module: path \}/);
});
