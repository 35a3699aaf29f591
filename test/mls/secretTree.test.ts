// The on-demand secret tree and the remembering tree hash give exactly ts-mls's values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretTree as tsCreateSecretTree } from 'ts-mls/secretTree.js';
import { treeHashRoot as tsTreeHashRoot } from 'ts-mls/treeHash.js';
import { toLeafIndex } from '../../sim/mls/engine.ts';
import { suiteParams } from '../../sim/mls/tsMls/ciphersuites.ts';
import { asGroup } from '../../sim/mls/tsMls/handles.ts';
import { createSecretTree } from '../../sim/mls/tsMls/secretTree.ts';
import { loadSuiteCrypto } from '../../sim/mls/tsMls/suiteCrypto.ts';
import { treeHashRoot } from '../../sim/mls/tsMls/treeHash.ts';
import { buildGroup, deliverCommit, expectOk, seededBytes, testEngine } from './helpers.ts';

for (const leaves of [1, 2, 5, 8, 64]) {
  test(`secret tree of ${leaves} leaves: same entries as ts-mls; writing a slice leaves the original alone`, async () => {
    const sc = await loadSuiteCrypto(suiteParams(1), 'native');
    const secret = seededBytes(`st-${leaves}`)(32);
    const width = 1 << Math.ceil(Math.log2(leaves));
    const theirs = await tsCreateSecretTree(width, secret, sc.impl.kdf);
    const ours = await createSecretTree(width, secret, sc.impl);
    assert.equal(ours.length, theirs.length);
    // Read one leaf, replace it in a slice (how ts-mls ratchets), and check nothing else was needed.
    const last = theirs.length - 1;
    assert.deepEqual(ours[last], theirs[last]);
    const copy = ours.slice();
    copy[0] = { ...copy[0]!, application: { ...copy[0]!.application, generation: 7 } };
    assert.equal(ours[0]!.application.generation, 0, 'the original is untouched');
    assert.deepEqual([...ours], theirs);
    assert.deepEqual(copy.slice(1), theirs.slice(1));
  });
}

test('versions of one epoch share derivations, not writes; a replaced entry read from another version is derived again', async () => {
  const sc = await loadSuiteCrypto(suiteParams(1), 'native');
  const secret = seededBytes('st-versions')(32);
  const theirs = await tsCreateSecretTree(32, secret, sc.impl.kdf);
  const v0 = await createSecretTree(32, secret, sc.impl);
  const bump = (t: typeof v0, i: number, generation: number) => {
    const next = t.slice();
    next[i] = { ...next[i]!, application: { ...next[i]!.application, generation } };
    return next;
  };
  // v1 and v2 branch from v0 (a staged commit beside messages still arriving), v3 from v1.
  const v1 = bump(v0, 6, 1);
  const v2 = bump(v0, 6, 2);
  const v3 = bump(v1, 40, 3);
  assert.equal(v0[6]!.application.generation, 0, 'v0 reads the generation-0 entry again after both branches replaced it');
  assert.deepEqual(v0[6], theirs[6]);
  assert.equal(v1[6]!.application.generation, 1);
  assert.equal(v2[6]!.application.generation, 2);
  assert.equal(v3[6]!.application.generation, 1);
  assert.equal(v3[40]!.application.generation, 3);
  assert.equal(v1[40]!.application.generation, 0);
  // Whole-array uses see exactly ts-mls's array with this version's writes.
  assert.deepEqual([...v0], theirs);
  const expected = theirs.slice();
  expected[6] = { ...expected[6]!, application: { ...expected[6]!.application, generation: 1 } };
  expected[40] = { ...expected[40]!, application: { ...expected[40]!.application, generation: 3 } };
  assert.deepEqual([...v3], expected);
  assert.equal(Object.keys(v3).length, theirs.length);
  // A write after the array was filled is seen by reads and whole-array uses alike.
  v3[2] = { ...v3[2]!, handshake: { ...v3[2]!.handshake, generation: 9 } };
  assert.equal(v3[2]!.handshake.generation, 9);
  assert.equal([...v3][2]!.handshake.generation, 9);
  assert.equal(v0[2]!.handshake.generation, 0);
});

test('the stock provider gets ts-mls own eager secret tree', async () => {
  const sc = await loadSuiteCrypto(suiteParams(1), 'stock');
  const tree = await createSecretTree(4, new Uint8Array(32), sc.impl);
  assert.equal(Object.keys(tree).length, 7);
});

test('remembered tree hashes equal ts-mls treeHashRoot through adds, removes and path updates', async () => {
  const engine = testEngine();
  const ps = await buildGroup(engine, 1, ['a', 'b', 'c', 'd', 'e'], 'treehash');
  const check = async (parties = ps) => {
    for (const p of parties) {
      const { client, member } = asGroup(p.state);
      assert.deepEqual(await treeHashRoot(client.ratchetTree, member.suite.impl.hash), await tsTreeHashRoot(client.ratchetTree, member.suite.impl.hash));
      assert.deepEqual(await treeHashRoot(client.ratchetTree, member.suite.impl.hash), client.groupContext.treeHash);
    }
  };
  await check();
  let c = expectOk(await engine.commit(ps[1]!.state, { forcePath: true }));
  await deliverCommit(engine, ps, ps[1]!, c.state, c.commit);
  await check();
  c = expectOk(await engine.commit(ps[0]!.state, { removes: [toLeafIndex(3)] }));
  const left = ps.filter((_, i) => i !== 3);
  await deliverCommit(engine, left, ps[0]!, c.state, c.commit);
  await check(left);
});
