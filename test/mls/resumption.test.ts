// ReInit (RFC 9420 §11.2), branch (§11.3) and resumption PSK proposals (§8.6), through the engine
// interface: every party ends in the same epoch with the same authenticator and exporter, and misuse
// is a rejection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAgree } from './agreement.ts';
import { buildGroup, deliverCommit, expectOk, seededBytes, testEngine, utf8 } from './helpers.ts';

const engine = testEngine();

test('ReInit: proposal, commit, then a Welcome into a new group in another suite with a reinit resumption PSK', async () => {
  const [a, b, c] = await buildGroup(engine, 1, ['alice', 'bob', 'carol'], 'reinit');
  const newId = utf8('reinit-group-2');
  const p = expectOk(await engine.proposeReInit(a!.state, { groupId: newId, ciphersuite: 3, extensions: [] }), 'propose reinit');
  a!.state = p.state;
  for (const x of [b!, c!]) x.state = expectOk(await engine.processHandshake(x.state, p.proposal), 'process reinit proposal').state;
  const commit = expectOk(await engine.commit(b!.state), 'commit reinit');
  await deliverCommit(engine, [a!, b!, c!], b!, commit.state, commit.commit);
  await assertAgree(engine, [a!.state, b!.state, c!.state], 'after reinit commit');
  for (const x of [a!, b!, c!]) {
    assert.equal(engine.isActive(x.state), false, 'a suspended group cannot send');
    assert.deepEqual(engine.pendingReInit(x.state), { groupId: newId, ciphersuite: 3, extensions: [] });
  }
  const suspended = await engine.protect(a!.state, utf8('hi'));
  assert.equal(suspended.kind, 'rejected');

  // Everyone makes keys in the new suite; carol welcomes the others.
  const keys = new Map<string, Awaited<ReturnType<typeof engine.createMember>>>();
  for (const n of ['alice', 'bob', 'carol']) keys.set(n, await engine.createMember({ identity: n, ciphersuite: 3, randomBytes: seededBytes(`reinit3/${n}`) }));
  const kpA = await engine.generateKeyPackage(keys.get('alice')!);
  const kpB = await engine.generateKeyPackage(keys.get('bob')!);
  const w = expectOk(await engine.reinitWelcome(c!.state, keys.get('carol')!, [kpA.keyPackage, kpB.keyPackage]), 'reinit welcome');
  assert.equal(w.epoch, 1n);
  assert.equal(engine.peek(w.commit).kind, 'commit');
  assert.equal(engine.peek(w.commit).epoch, 0n);
  assert.equal(engine.ciphersuite(w.state), 3);
  const ja = expectOk(await engine.joinFromWelcome(keys.get('alice')!, w.welcome, kpA.keyPackagePrivate, { resumingFrom: a!.state }), 'alice joins');
  const jb = expectOk(await engine.joinFromWelcome(keys.get('bob')!, w.welcome, kpB.keyPackagePrivate, { resumingFrom: b!.state }), 'bob joins');
  await assertAgree(engine, [w.state, ja.state, jb.state], 'new group');
  assert.deepEqual(engine.groupId(ja.state), newId);
  assert.deepEqual(engine.members(ja.state).map((m) => m.identity).sort(), ['alice', 'bob', 'carol']);

  // Without the old state the resumption PSK cannot be found.
  const kpA2 = await engine.generateKeyPackage(keys.get('alice')!);
  const w2 = expectOk(await engine.reinitWelcome(c!.state, keys.get('carol')!, [kpA2.keyPackage]), 'second welcome');
  const noOld = await engine.joinFromWelcome(keys.get('alice')!, w2.welcome, kpA2.keyPackagePrivate);
  assert.equal(noOld.kind, 'rejected');
  // A state that is not suspended by a ReInit cannot welcome into one; keys of the wrong suite are refused.
  const [d] = await buildGroup(engine, 1, ['dave', 'erin'], 'other');
  assert.equal((await engine.reinitWelcome(d!.state, d!.member, [])).kind, 'rejected');
  assert.equal((await engine.reinitWelcome(c!.state, c!.member, [kpA.keyPackage])).kind, 'rejected');
});

test('ReInit by value must be alone in its commit', async () => {
  const [a, b] = await buildGroup(engine, 1, ['alice', 'bob'], 'reinit-alone');
  const up = expectOk(await engine.proposeUpdate(b!.state), 'update');
  a!.state = expectOk(await engine.processHandshake(a!.state, up.proposal)).state;
  const r = await engine.commit(a!.state, { reinit: { groupId: utf8('x'), ciphersuite: 1 } });
  assert.equal(r.kind, 'rejected');
  const ok = expectOk(await engine.commit(a!.state, { reinit: { groupId: utf8('x'), ciphersuite: 1 }, pending: [] }), 'reinit alone');
  assert.ok(engine.pendingReInit(ok.state));
});

test('branch: a subgroup with a branch resumption PSK; members join with their state of the parent', async () => {
  const [a, b, c] = await buildGroup(engine, 1, ['alice', 'bob', 'carol'], 'branch');
  const kpB = await engine.generateKeyPackage(b!.member);
  const r = expectOk(await engine.branch(a!.state, utf8('branch-sub'), [kpB.keyPackage], { forcePath: true }), 'branch');
  const jb = expectOk(await engine.joinFromWelcome(b!.member, r.welcome, kpB.keyPackagePrivate, { resumingFrom: b!.state }), 'bob joins branch');
  await assertAgree(engine, [r.state, jb.state], 'branch');
  assert.deepEqual(engine.members(jb.state).map((m) => m.identity), ['alice', 'bob']);
  // The parent group goes on unchanged.
  await assertAgree(engine, [a!.state, b!.state, c!.state], 'parent');
  // Only a member of the parent at that epoch can join: carol's state is of another group.
  const [x] = await buildGroup(engine, 1, ['xavier', 'yolanda'], 'elsewhere');
  const kpC = await engine.generateKeyPackage(c!.member);
  const r2 = expectOk(await engine.branch(a!.state, utf8('branch-2'), [kpC.keyPackage]), 'branch 2');
  const wrong = await engine.joinFromWelcome(c!.member, r2.welcome, kpC.keyPackagePrivate, { resumingFrom: x!.state });
  assert.equal(wrong.kind, 'rejected');
  assert.equal((await engine.branch(a!.state, engine.groupId(a!.state), [kpC.keyPackage])).kind, 'rejected', 'same group id');
});

test('resumption PSK proposals (usage application): current and retained epochs, refused once gone', async () => {
  const [a, b] = await buildGroup(engine, 1, ['alice', 'bob'], 'rpsk');
  const p = expectOk(await engine.proposeResumptionPsk(a!.state, 1n), 'propose resumption psk');
  a!.state = p.state;
  b!.state = expectOk(await engine.processHandshake(b!.state, p.proposal)).state;
  const c1 = expectOk(await engine.commit(b!.state), 'commit by reference');
  await deliverCommit(engine, [a!, b!], b!, c1.state, c1.commit);
  await assertAgree(engine, [a!.state, b!.state], 'epoch 2');
  const c2 = expectOk(await engine.commit(a!.state, { resumptionPsks: [1n, 2n] }), 'commit by value');
  await deliverCommit(engine, [a!, b!], a!, c2.state, c2.commit);
  await assertAgree(engine, [a!.state, b!.state], 'epoch 3');
  assert.equal((await engine.proposeResumptionPsk(a!.state, 99n)).kind, 'rejected');
});
