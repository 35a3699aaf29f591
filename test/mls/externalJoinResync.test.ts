// External joins (RFC 9420 §12.4.3.2) with resync, PSKs and an out-of-band ratchet tree, and the
// refusal of an external join by someone already in the group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMlsMessage, encodeMlsMessage } from 'ts-mls';
import { externalCommit } from '../../sim/mls/tsMls/externalCommit.ts';
import { freshKeyPackage } from '../../sim/mls/tsMls/generateKeyPackage.ts';
import { asGroup, asMember } from '../../sim/mls/tsMls/handles.ts';
import { seededOp } from '../../sim/mls/tsMls/seededImpl.ts';
import { assertAgree } from './agreement.ts';
import { buildGroup, expectOk, seededBytes, testEngine, utf8 } from './helpers.ts';

const engine = testEngine();

test('resync: a member that lost its state rejoins by external commit, removing its prior leaf', async () => {
  const parties = await buildGroup(engine, 1, ['alice', 'bob', 'carol'], 'resync');
  const [a, b, c] = parties;
  // bob lost everything; his new device state has the same identity and new keys.
  const bob2 = await engine.createMember({ identity: 'bob', ciphersuite: 1, randomBytes: seededBytes('resync/bob-again') });
  const gi = await engine.groupInfo(a!.state);
  const twice = await engine.joinExternal(bob2, gi);
  assert.equal(twice.kind, 'rejected', 'joining again without removing the prior leaf');
  assert.match((twice as { detail: string }).detail, /already in the group.*removePrior/);
  const j = expectOk(await engine.joinExternal(bob2, gi, { removePrior: true }), 'resync join');
  for (const x of [a!, c!]) {
    const r = expectOk(await engine.processHandshake(x.state, j.commit), `${x.name} processes the resync`);
    assert.deepEqual(r.removedMembers.map((m) => m.identity), ['bob']);
    assert.deepEqual(r.addedMembers.map((m) => m.identity), ['bob']);
    x.state = r.state;
  }
  await assertAgree(engine, [a!.state, c!.state, j.state], 'after resync');
  assert.deepEqual(engine.members(a!.state).map((m) => m.identity), ['alice', 'bob', 'carol']);
  // The old bob state is out of the group.
  const old = await engine.processHandshake(b!.state, j.commit);
  assert.equal(old.kind, 'accepted');
  assert.equal((old as { removedSelf: boolean }).removedSelf, true);
});

test('an external commit may only remove the joiner itself', async () => {
  const [a] = await buildGroup(engine, 1, ['alice', 'bob', 'carol'], 'resync-other');
  const mallory = await engine.createMember({ identity: 'mallory', ciphersuite: 1, randomBytes: seededBytes('m') });
  const r = await engine.joinExternal(mallory, await engine.groupInfo(a!.state), { removePrior: 1 as never });
  assert.equal(r.kind, 'rejected');
  assert.equal((r as { reason: string }).reason, 'invalid');
  // Built anyway (below the engine's own check), members reject it (RFC 9420 §12.2).
  const gi = decodeMlsMessage(await engine.groupInfo(a!.state), 0)![0];
  if (gi.wireformat !== 'mls_group_info') throw new Error('not a group info');
  const m = asMember(mallory);
  const { cs } = seededOp(m);
  const kp = await freshKeyPackage(m, cs, false);
  const forged = await externalCommit({
    groupInfo: gi.groupInfo,
    tree: asGroup(a!.state).client.ratchetTree,
    keyPackage: kp.publicPackage,
    privateKeys: kp.privatePackage,
    cs,
    clientConfig: asGroup(a!.state).client.clientConfig,
    authenticatedData: new Uint8Array(0),
    removePrior: 1,
    psks: [],
  });
  const commit = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: forged.publicMessage });
  const got = await engine.processHandshake(a!.state, commit);
  assert.equal(got.kind, 'rejected');
  assert.match((got as { detail: string }).detail, /removes a member other than the joiner/);
});

test('an external join with an external PSK; members without the PSK cannot follow', async () => {
  const [a, b] = await buildGroup(engine, 1, ['alice', 'bob'], 'extpsk');
  const psk = { id: utf8('psk-1'), secret: utf8('0123456789abcdef0123456789abcdef') };
  a!.state = engine.installExternalPsk(a!.state, psk).state;
  const carol = await engine.createMember({ identity: 'carol', ciphersuite: 1, randomBytes: seededBytes('extpsk/carol') });
  const j = expectOk(await engine.joinExternal(carol, await engine.groupInfo(a!.state), { psks: [psk] }), 'join with psk');
  const ra = expectOk(await engine.processHandshake(a!.state, j.commit), 'alice');
  await assertAgree(engine, [ra.state, j.state], 'with psk');
  const rb = await engine.processHandshake(b!.state, j.commit);
  assert.equal(rb.kind, 'rejected', 'bob lacks the PSK');
});

test('the ratchet tree out of band: Welcome and GroupInfo without it, joins with it, and the Welcome shrinks', async () => {
  const names = Array.from({ length: 24 }, (_, i) => `m${i}`);
  const parties = await buildGroup(engine, 1, names, 'oob');
  const a = parties[0]!;
  const joiner = await engine.createMember({ identity: 'late', ciphersuite: 1, randomBytes: seededBytes('oob/late') });
  const kp = await engine.generateKeyPackage(joiner);
  const inBand = expectOk(await engine.commit(a.state, { adds: [kp.keyPackage] }), 'in band');
  const outOfBand = expectOk(await engine.commit(a.state, { adds: [kp.keyPackage], ratchetTreeOutOfBand: true }), 'out of band');
  assert.ok(outOfBand.ratchetTree !== undefined);
  assert.ok(outOfBand.welcome!.length + outOfBand.ratchetTree.length > inBand.welcome!.length - 64);
  assert.ok(outOfBand.welcome!.length < inBand.welcome!.length / 3, `${outOfBand.welcome!.length} vs ${inBand.welcome!.length}`);
  const without = await engine.joinFromWelcome(joiner, outOfBand.welcome!, kp.keyPackagePrivate);
  assert.equal(without.kind, 'rejected', 'no tree, no join');
  const j = expectOk(await engine.joinFromWelcome(joiner, outOfBand.welcome!, kp.keyPackagePrivate, { ratchetTree: outOfBand.ratchetTree }), 'join');
  await assertAgree(engine, [outOfBand.state, j.state], 'oob welcome');
  const bad = await engine.joinFromWelcome(joiner, outOfBand.welcome!, kp.keyPackagePrivate, { ratchetTree: new Uint8Array([9, 9]) });
  assert.equal((bad as { reason: string }).reason, 'malformed');

  // GroupInfo without the tree, for an external joiner who gets the tree from the delivery service.
  const gi = await engine.groupInfo(a.state, { ratchetTree: false });
  assert.ok(gi.length < (await engine.groupInfo(a.state)).length / 3);
  const ext = await engine.createMember({ identity: 'ext', ciphersuite: 1, randomBytes: seededBytes('oob/ext') });
  assert.equal((await engine.joinExternal(ext, gi)).kind, 'rejected');
  const je = expectOk(await engine.joinExternal(ext, gi, { ratchetTree: engine.ratchetTree(a.state) }), 'external join oob');
  const ra = expectOk(await engine.processHandshake(parties[5]!.state, je.commit), 'member follows');
  await assertAgree(engine, [ra.state, je.state], 'oob external');
});
