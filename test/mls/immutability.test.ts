// Values in, values out: no operation changes the state, member or key package it was given.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { toLeafIndex } from '../../sim/mls/engine.ts';
import { buildGroup, expectOk, seededBytes, utf8, type Party, testEngine } from './helpers.ts';

/** A digest of every byte, number and key reachable through plain objects, arrays, maps and typed arrays. */
function fingerprint(root: unknown): string {
  const h = createHash('sha256');
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (x instanceof Uint8Array) return void h.update(`u8:${x.length}:`).update(x);
    if (typeof x === 'bigint' || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return void h.update(`${typeof x}:${String(x)};`);
    if (x === undefined || x === null) return void h.update(`${String(x)};`);
    if (typeof x !== 'object') return; // functions: behaviour, not state
    if (seen.has(x)) return void h.update('cycle;');
    seen.add(x);
    if (x instanceof Map) {
      h.update(`map:${x.size}{`);
      for (const [k, v] of x) (walk(k), walk(v));
      return void h.update('}');
    }
    const proto = Object.getPrototypeOf(x);
    if (!Array.isArray(x) && proto !== Object.prototype && proto !== null) return; // library objects (crypto suites)
    h.update(Array.isArray(x) ? '[' : '{');
    for (const k of Reflect.ownKeys(x)) {
      h.update(`${String(k)}=`);
      walk((x as Record<PropertyKey, unknown>)[k]);
    }
    h.update(Array.isArray(x) ? ']' : '}');
  };
  walk(root);
  return h.digest('hex');
}

test('every operation leaves its inputs untouched', async () => {
  const engine = testEngine();
  const ps = await buildGroup(engine, 1, ['alice', 'bob', 'carol']);
  const [alice, bob] = ps as [Party, Party];
  const dave = await engine.createMember({ identity: 'dave', ciphersuite: 1, randomBytes: seededBytes('dave') });
  const kd = await engine.generateKeyPackage(dave);
  const psk = { id: utf8('psk'), secret: new Uint8Array(32).fill(3) };

  const check = async <T>(what: string, inputs: unknown[], op: () => Promise<T> | T): Promise<T> => {
    const before = inputs.map(fingerprint);
    const out = await op();
    assert.deepEqual(inputs.map(fingerprint), before, `${what} mutated its input`);
    return out;
  };

  const withPsk = await check('installExternalPsk', [alice.state], () => engine.installExternalPsk(alice.state, psk));
  const update = expectOk(await check('proposeUpdate', [bob.state], () => engine.proposeUpdate(bob.state)));
  const seen = expectOk(await check('processHandshake(proposal)', [alice.state], () => engine.processHandshake(alice.state, update.proposal)));
  assert.notEqual(fingerprint(seen.state), fingerprint(alice.state), 'fingerprint must see into the group state');
  await check('proposeAdd', [seen.state, kd.keyPackage], () => engine.proposeAdd(seen.state, kd.keyPackage));
  await check('proposeRemove', [seen.state], () => engine.proposeRemove(seen.state, toLeafIndex(2)));
  await check('proposePsk', [withPsk.state], () => engine.proposePsk(withPsk.state, psk.id));
  const c = expectOk(
    await check('commit', [seen.state, kd.keyPackage], () => engine.commit(seen.state, { adds: [kd.keyPackage], groupInfo: true })),
  );
  await check('processHandshake(commit)', [bob.state, update.state, c.commit], () => engine.processHandshake(update.state, c.commit));
  await check('joinFromWelcome', [dave, kd.keyPackagePrivate, c.welcome], () => engine.joinFromWelcome(dave, c.welcome!, kd.keyPackagePrivate));
  const eve = await engine.createMember({ identity: 'eve', ciphersuite: 1, randomBytes: seededBytes('eve') });
  await check('joinExternal', [eve, c.groupInfo], () => engine.joinExternal(eve, c.groupInfo!));
  const m = expectOk(await check('protect', [bob.state], () => engine.protect(bob.state, utf8('hi'))));
  const r = expectOk(await check('unprotect', [alice.state, m.message], () => engine.unprotect(alice.state, m.message)));
  await check('unprotect (replay)', [r.state], () => engine.unprotect(r.state, m.message));
  await check('groupInfo', [alice.state], () => engine.groupInfo(alice.state));
  await check('exportSecret', [alice.state], () => engine.exportSecret(alice.state, 'x', utf8('y'), 16));
  await check('generateKeyPackage', [dave], () => engine.generateKeyPackage(dave));

  // Getters hand out copies: scribbling on them does not reach the state.
  const before = fingerprint(alice.state);
  engine.epochAuthenticator(alice.state).fill(0);
  engine.groupId(alice.state).fill(0);
  assert.equal(fingerprint(alice.state), before);
  assert.ok(Object.isFrozen(alice.state));
});
