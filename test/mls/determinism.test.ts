// Same byte sources and the same operations give byte-identical wire messages; another seed gives
// others. Covers every suite the engine lists, through every operation that draws randomness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MlsEngine } from '../../sim/mls/engine.ts';
import { expectOk, seededBytes, utf8, testEngine } from './helpers.ts';

async function script(engine: MlsEngine, suite: number, seed: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const mk = (name: string) => engine.createMember({ identity: name, ciphersuite: suite, randomBytes: seededBytes(`${seed}/${name}`) });
  const [a, b, c, d] = [await mk('a'), await mk('b'), await mk('c'), await mk('d')];
  const kb = await engine.generateKeyPackage(b);
  const kc = await engine.generateKeyPackage(c, { lastResort: true });
  out.set('kp b', kb.keyPackage).set('kp c', kc.keyPackage);

  let sa = (await engine.createGroup(a, utf8('det-group'))).state;
  const add = expectOk(await engine.commit(sa, { adds: [kb.keyPackage, kc.keyPackage], groupInfo: true }));
  out.set('commit add', add.commit).set('welcome', add.welcome!).set('group info', add.groupInfo!);
  sa = add.state;
  let sb = expectOk(await engine.joinFromWelcome(b, add.welcome!, kb.keyPackagePrivate)).state;
  let sc = expectOk(await engine.joinFromWelcome(c, add.welcome!, kc.keyPackagePrivate)).state;

  const upd = expectOk(await engine.proposeUpdate(sb));
  out.set('update', upd.proposal);
  sb = upd.state;
  sa = expectOk(await engine.processHandshake(sa, upd.proposal)).state;
  sc = expectOk(await engine.processHandshake(sc, upd.proposal)).state;
  const cu = expectOk(await engine.commit(sc));
  out.set('commit update', cu.commit);
  sc = cu.state;
  sa = expectOk(await engine.processHandshake(sa, cu.commit)).state;
  sb = expectOk(await engine.processHandshake(sb, cu.commit)).state;

  const gi = await engine.groupInfo(sa);
  out.set('group info 2', gi);
  const ext = expectOk(await engine.joinExternal(d, gi));
  out.set('external commit', ext.commit);
  let sd = ext.state;
  for (const s of [sa, sb, sc]) assert.equal(expectOk(await engine.processHandshake(s, ext.commit)).kind, 'accepted');
  sa = expectOk(await engine.processHandshake(sa, ext.commit)).state;
  sb = expectOk(await engine.processHandshake(sb, ext.commit)).state;

  const msg = expectOk(await engine.protect(sa, utf8('hello'), { authenticatedData: utf8('ad') }));
  out.set('application', msg.message);
  assert.equal(new TextDecoder().decode(expectOk(await engine.unprotect(sb, msg.message)).plaintext), 'hello');

  const rm = expectOk(await engine.commit(sd, { removes: [engine.ownLeafIndex(sc)], forcePath: true, publicMessage: true }));
  out.set('commit remove', rm.commit);
  sd = rm.state;
  sa = expectOk(await engine.processHandshake(sa, rm.commit)).state;
  out.set('epoch authenticator', engine.epochAuthenticator(sa));
  assert.deepEqual(engine.epochAuthenticator(sa), engine.epochAuthenticator(sd));
  out.set('exporter', await engine.exportSecret(sa, 'test', utf8('ctx'), 32));
  return out;
}

const engine = testEngine();
for (const suite of engine.ciphersuites) {
  test(`suite ${suite.id} (${suite.name}): same seed, same bytes; other seed, other bytes`, async () => {
    const first = await script(engine, suite.id, 'seed-1');
    const again = await script(testEngine(), suite.id, 'seed-1');
    assert.deepEqual([...again.keys()], [...first.keys()]);
    for (const [label, bytes] of first) assert.deepEqual(again.get(label), bytes, `${label} differs between identical runs`);
    const other = await script(engine, suite.id, 'seed-2');
    for (const [label, bytes] of first) assert.notDeepEqual(other.get(label), bytes, `${label} did not change with the seed`);
  });
}
