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
