// External senders (RFC 9420 §12.1.8.1): a server listed in external_senders signs Add and Remove
// proposals; members verify and commit them. A sender the group does not list, or a forged signature,
// is rejected. A new member's own Add (new_member_proposal) works the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAgree } from './agreement.ts';
import { buildGroup, deliverCommit, expectOk, seededBytes, testEngine, utf8 } from './helpers.ts';

const engine = testEngine();

async function groupWithHub() {
  const parties = await buildGroup(engine, 1, ['alice', 'bob', 'carol'], 'ext');
  const [a, b, c] = parties;
  const hub = await engine.createExternalSender({ identity: 'hub', ciphersuite: 1, randomBytes: seededBytes('ext/hub') });
  const ext = engine.externalSendersExtension([engine.externalSenderInfo(hub)]);
  // RFC encoding: ExternalSender external_senders<V>, so one sender is a vector with a length prefix.
  assert.equal(ext.type, 5);
  assert.equal(ext.data[0], ext.data.length - 1);
  const commit = expectOk(await engine.commit(a!.state, { groupContextExtensions: [ext] }), 'add external sender');
  await deliverCommit(engine, parties, a!, commit.state, commit.commit);
  await assertAgree(engine, [a!.state, b!.state, c!.state], 'with external sender');
  assert.deepEqual(engine.externalSenders(c!.state).map((s) => s.identity), ['hub']);
  return { parties, a: a!, b: b!, c: c!, hub };
}

test('a hub listed in external_senders removes a member and adds one; members commit its proposals', async () => {
  const { parties, a, b, c, hub } = await groupWithHub();
  const gi = await engine.groupInfo(a.state, { ratchetTree: false });
  const tree = engine.ratchetTree(a.state);
  const bobLeaf = engine.members(a.state).find((m) => m.identity === 'bob')!.leafIndex;
  const remove = expectOk(await engine.proposeExternal(hub, gi, { kind: 'remove', leaf: bobLeaf }, { ratchetTree: tree }), 'hub remove');
  const dave = await engine.createMember({ identity: 'dave', ciphersuite: 1, randomBytes: seededBytes('ext/dave') });
  const kpD = await engine.generateKeyPackage(dave);
  const add = expectOk(await engine.proposeExternal(hub, gi, { kind: 'add', keyPackage: kpD.keyPackage }, { ratchetTree: tree }), 'hub add');
  for (const x of parties) {
    for (const m of [remove.proposal, add.proposal]) {
      const r = expectOk(await engine.processHandshake(x.state, m), `${x.name} takes the hub's proposal`);
      assert.equal(r.content, 'proposal');
      x.state = r.state;
    }
  }
  const commit = expectOk(await engine.commit(c.state), 'carol commits the hub proposals');
  assert.deepEqual(commit.removedMembers.map((m) => m.identity), ['bob']);
  assert.deepEqual(commit.addedMembers.map((m) => m.identity), ['dave']);
  const removedBob = expectOk(await engine.processHandshake(b.state, commit.commit));
  assert.equal(removedBob.removedSelf, true);
  a.state = expectOk(await engine.processHandshake(a.state, commit.commit)).state;
  c.state = commit.state;
  const jd = expectOk(await engine.joinFromWelcome(dave, commit.welcome!, kpD.keyPackagePrivate), 'dave joins');
  await assertAgree(engine, [a.state, c.state, jd.state], 'after hub proposals');
});

test('external proposals: an unlisted sender is refused, a forged signature rejected by members', async () => {
  const { a, b } = await groupWithHub();
  const gi = await engine.groupInfo(a.state);
  const stranger = await engine.createExternalSender({ identity: 'stranger', ciphersuite: 1, randomBytes: seededBytes('ext/stranger') });
  const bobLeaf = engine.members(a.state).find((m) => m.identity === 'bob')!.leafIndex;
  const refused = await engine.proposeExternal(stranger, gi, { kind: 'remove', leaf: bobLeaf });
  assert.equal(refused.kind, 'rejected');
  assert.equal((refused as { reason: string }).reason, 'not-member');

  // The stranger signs anyway, claiming the hub's sender index 0: members reject the signature.
  const hub = await engine.createExternalSender({ identity: 'hub', ciphersuite: 1, randomBytes: seededBytes('ext/hub') });
  const genuine = expectOk(await engine.proposeExternal(hub, gi, { kind: 'remove', leaf: bobLeaf }), 'hub');
  const forged = genuine.proposal.slice();
  forged[forged.length - 5]! ^= 0x01; // inside the signature
  const r = await engine.processHandshake(b.state, forged);
  assert.equal(r.kind, 'rejected');
  assert.equal((r as { reason: string }).reason, 'bad-signature');
});

test('a GroupInfo whose signature does not verify is refused by the external sender', async () => {
  const { a, hub } = await groupWithHub();
  const gi = (await engine.groupInfo(a.state)).slice();
  gi[gi.length - 3]! ^= 1;
  const r = await engine.proposeExternal(hub, gi, { kind: 'external-psk', id: utf8('x') });
  assert.equal(r.kind, 'rejected');
});

test('a new member proposes its own Add (new_member_proposal); the committed Welcome lets it join', async () => {
  const parties = await buildGroup(engine, 1, ['alice', 'bob'], 'newmember');
  const [a, b] = parties;
  const carol = await engine.createMember({ identity: 'carol', ciphersuite: 1, randomBytes: seededBytes('newmember/carol') });
  const p = expectOk(await engine.proposeAddAsNewMember(carol, await engine.groupInfo(a!.state)), 'self add');
  for (const x of parties) x.state = expectOk(await engine.processHandshake(x.state, p.proposal), 'take self add').state;
  const commit = expectOk(await engine.commit(a!.state), 'commit self add');
  await deliverCommit(engine, parties, a!, commit.state, commit.commit);
  const jc = expectOk(await engine.joinFromWelcome(carol, commit.welcome!, p.keyPackagePrivate), 'carol joins');
  await assertAgree(engine, [a!.state, b!.state, jc.state], 'after self add');
});
