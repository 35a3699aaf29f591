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

test("'ts-mls' takes the crypto provider, top-level or in tsMls; both interoperate; a bad one is a RangeError", async () => {
  const stock = await loadEngine('ts-mls', { crypto: 'stock' });
  const native = await loadEngine('ts-mls', { tsMls: { crypto: 'native' } });
  const a = await stock.createMember({ identity: 'a', ciphersuite: 1, randomBytes: () => new Uint8Array(32).fill(1) });
  const b = await native.createMember({ identity: 'b', ciphersuite: 1, randomBytes: () => new Uint8Array(32).fill(2) });
  const kp = await native.generateKeyPackage(b);
  const { state } = await stock.createGroup(a, new Uint8Array([1]));
  const c = await stock.commit(state, { adds: [kp.keyPackage] });
  assert.equal(c.kind, 'ok');
  if (c.kind !== 'ok') return;
  const j = await native.joinFromWelcome(b, c.welcome!, kp.keyPackagePrivate);
  assert.equal(j.kind, 'ok');
  if (j.kind === 'ok') assert.deepEqual(native.epochAuthenticator(j.state), stock.epochAuthenticator(c.state));
  await assert.rejects(loadEngine('ts-mls', { crypto: 'openssl' as never }), RangeError);
});
