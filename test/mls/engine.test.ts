// Each engine operation, on the default suite, through small groups.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toLeafIndex } from '../../sim/mls/engine.ts';
import { buildGroup, deliverCommit, expectOk, seededBytes, text, utf8, type Party, testEngine } from './helpers.ts';

const engine = testEngine();
const SUITE = 1;

const authenticators = (ps: Party[]) => new Set(ps.map((p) => Buffer.from(engine.epochAuthenticator(p.state)).toString('hex')));

test('ciphersuite table lists 1, 3 and the X-Wing suite 83 as post-quantum', () => {
  const byId = new Map(engine.ciphersuites.map((s) => [s.id, s]));
  assert.equal(byId.get(1)?.name, 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
  assert.equal(byId.get(3)?.aead, 'CHACHA20POLY1305');
  assert.equal(byId.get(83)?.name, 'MLS_256_XWING_AES256GCM_SHA512_Ed25519');
  assert.equal(byId.get(83)?.postQuantum, true);
  assert.equal(byId.get(1)?.postQuantum, false);
});

test('createMember: identity and suite read back; unsupported suite and bad input throw one-line errors', async () => {
  const m = await engine.createMember({ identity: 'alice@a.example', ciphersuite: 3, randomBytes: seededBytes('m') });
  assert.equal(engine.memberIdentity(m), 'alice@a.example');
  assert.equal(engine.memberCiphersuite(m), 3);
  // 77 (ML-KEM-512) is one ts-mls cannot run through a path update; 9 is unassigned.
  for (const id of [77, 9]) {
    await assert.rejects(engine.createMember({ identity: 'x', ciphersuite: id, randomBytes: seededBytes('m') }), {
      name: 'RangeError',
      message: new RegExp(`ciphersuite: ${id} is not supported`),
    });
  }
  await assert.rejects(engine.createMember({ identity: '', ciphersuite: 1, randomBytes: seededBytes('m') }), TypeError);
  await assert.rejects(
    engine.createMember({ identity: 'x', ciphersuite: 1, randomBytes: seededBytes('m'), capabilities: { extensions: [70000] } }),
    /capabilities.extensions: 70000 is not a uint16/,
  );
  await assert.rejects(engine.createMember({ identity: 'x', ciphersuite: 1, randomBytes: () => new Uint8Array(3) }), /randomBytes: asked for 32 bytes, got 3 bytes/);
});

test('generateKeyPackage: an MLSMessage a directory can classify; last_resort makes it bigger', async () => {
  const m = await engine.createMember({ identity: 'bob', ciphersuite: SUITE, randomBytes: seededBytes('kp') });
  const plain = await engine.generateKeyPackage(m);
  const last = await engine.generateKeyPackage(m, { lastResort: true });
  assert.deepEqual(engine.peek(plain.keyPackage), { kind: 'key-package', ciphersuite: SUITE, byteLength: plain.keyPackage.length });
  assert.equal(last.keyPackage.length, plain.keyPackage.length + 3); // extension type (2) + empty data's length (1)
});

test('three members agree on the epoch authenticator across add, update and remove commits', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob', 'carol']);
  const [alice, bob, carol] = ps as [Party, Party, Party];
  assert.equal(authenticators(ps).size, 1);
  assert.deepEqual(engine.members(alice.state).map((m) => m.identity), ['alice', 'bob', 'carol']);
  assert.equal(engine.ownLeafIndex(carol.state), 2);
  assert.equal(engine.ciphersuite(bob.state), SUITE);
  assert.deepEqual(engine.groupId(bob.state), utf8('group-group'));

  // Bob proposes an Update, Carol commits it: Bob must pick up his new leaf key to follow.
  const up = expectOk(await engine.proposeUpdate(bob.state));
  bob.state = up.state;
  for (const p of [alice, carol]) {
    const r = expectOk(await engine.processHandshake(p.state, up.proposal));
    assert.equal(r.content, 'proposal');
    assert.deepEqual(r.proposalRef, up.ref);
    p.state = r.state;
  }
  assert.deepEqual(engine.pendingProposals(carol.state), [up.ref]);
  const c1 = expectOk(await engine.commit(carol.state));
  assert.equal(c1.epoch, 2n);
  assert.deepEqual([c1.addedMembers, c1.removedMembers], [[], []]);
  await deliverCommit(engine, ps, carol, c1.state, c1.commit);
  assert.equal(authenticators(ps).size, 1);
  assert.equal(engine.epoch(bob.state), 2n);

  // Alice removes Carol by proposal, Bob commits; Carol learns she is out.
  const rp = expectOk(await engine.proposeRemove(alice.state, toLeafIndex(2)));
  alice.state = rp.state;
  bob.state = expectOk(await engine.processHandshake(bob.state, rp.proposal)).state;
  carol.state = expectOk(await engine.processHandshake(carol.state, rp.proposal)).state;
  const c2 = expectOk(await engine.commit(bob.state));
  assert.deepEqual(c2.removedMembers, [{ leafIndex: 2, identity: 'carol' }]);
  const seenByCarol = expectOk(await engine.processHandshake(carol.state, c2.commit));
  assert.equal(seenByCarol.removedSelf, true);
  assert.equal(engine.isActive(seenByCarol.state), false);
  alice.state = expectOk(await engine.processHandshake(alice.state, c2.commit)).state;
  bob.state = c2.state;
  assert.equal(authenticators([alice, bob]).size, 1);
  assert.deepEqual(engine.members(alice.state).map((m) => m.identity), ['alice', 'bob']);
  const after = await engine.protect(seenByCarol.state, utf8('still here?'));
  assert.equal(after.kind === 'rejected' && after.reason, 'not-member');
});

test('add by proposal, committed by another member, joins from the Welcome alone', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob']);
  const [alice, bob] = ps as [Party, Party];
  const dave = await engine.createMember({ identity: 'dave', ciphersuite: SUITE, randomBytes: seededBytes('dave') });
  const kp = await engine.generateKeyPackage(dave);
  const prop = expectOk(await engine.proposeAdd(alice.state, kp.keyPackage, { publicMessage: true }));
  assert.equal(engine.peek(prop.proposal).framing, 'public');
  alice.state = prop.state;
  bob.state = expectOk(await engine.processHandshake(bob.state, prop.proposal)).state;
  const c = expectOk(await engine.commit(bob.state));
  assert.deepEqual(c.addedMembers, [{ leafIndex: 2, identity: 'dave' }]);
  assert.ok(c.welcome);
  await deliverCommit(engine, ps, bob, c.state, c.commit);
  const joined = expectOk(await engine.joinFromWelcome(dave, c.welcome, kp.keyPackagePrivate));
  ps.push({ name: 'dave', member: dave, state: joined.state });
  assert.equal(authenticators(ps).size, 1);
  assert.equal(engine.ownLeafIndex(joined.state), 2);
});

test('external join from a GroupInfo, as returned by commit and by groupInfo()', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob']);
  const [alice, bob] = ps as [Party, Party];
  const c = expectOk(await engine.commit(alice.state, { groupInfo: true }));
  await deliverCommit(engine, ps, alice, c.state, c.commit);
  assert.deepEqual(engine.peek(c.groupInfo!).epoch, engine.epoch(alice.state));

  const eve = await engine.createMember({ identity: 'eve', ciphersuite: SUITE, randomBytes: seededBytes('eve') });
  const ext = expectOk(await engine.joinExternal(eve, c.groupInfo!));
  assert.equal(engine.peek(ext.commit).kind, 'commit');
  for (const p of [alice, bob]) {
    const r = expectOk(await engine.processHandshake(p.state, ext.commit));
    assert.deepEqual(r.addedMembers, [{ leafIndex: 2, identity: 'eve' }]);
    p.state = r.state;
  }
  ps.push({ name: 'eve', member: eve, state: ext.state });
  assert.equal(authenticators(ps).size, 1);

  // A GroupInfo made later works the same.
  const frank = await engine.createMember({ identity: 'frank', ciphersuite: SUITE, randomBytes: seededBytes('frank') });
  const ext2 = expectOk(await engine.joinExternal(frank, await engine.groupInfo(bob.state)));
  assert.equal(expectOk(await engine.processHandshake(alice.state, ext2.commit)).epoch, engine.epoch(ext2.state));
});

test('protect / unprotect: plaintext, authenticated data, sender, and out-of-order delivery', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob', 'carol']);
  const [alice, bob, carol] = ps as [Party, Party, Party];
  const m1 = expectOk(await engine.protect(bob.state, utf8('first'), { authenticatedData: utf8('meta') }));
  const m2 = expectOk(await engine.protect(m1.state, utf8('second')));
  bob.state = m2.state;
  assert.deepEqual(engine.peek(m1.message), {
    kind: 'application',
    framing: 'private',
    groupId: engine.groupId(alice.state),
    epoch: 1n,
    byteLength: m1.message.length,
  });
  const r2 = expectOk(await engine.unprotect(alice.state, m2.message));
  const r1 = expectOk(await engine.unprotect(r2.state, m1.message));
  assert.equal(text(r1.plaintext), 'first');
  assert.equal(text(r1.authenticatedData), 'meta');
  assert.equal(text(r2.plaintext), 'second');
  assert.equal(r1.senderLeaf, 1);
  assert.equal(r1.senderIdentity, 'bob');
  assert.equal(expectOk(await engine.unprotect(carol.state, m1.message)).epoch, 1n);
});

test('a late application message from the previous epoch still opens while its secrets are kept', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob']);
  const [alice, bob] = ps as [Party, Party];
  const late = expectOk(await engine.protect(bob.state, utf8('sent before the commit')));
  bob.state = late.state;
  const c = expectOk(await engine.commit(alice.state));
  await deliverCommit(engine, ps, alice, c.state, c.commit);
  const r = expectOk(await engine.unprotect(alice.state, late.message));
  assert.equal(text(r.plaintext), 'sent before the commit');
  assert.equal(r.epoch, 1n);
});

test('commit is staged: the committer may discard it and process a competing commit instead', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob', 'carol']);
  const [alice, bob, carol] = ps as [Party, Party, Party];
  const fromAlice = expectOk(await engine.commit(alice.state));
  const fromBob = expectOk(await engine.commit(bob.state));
  // The delivery service orders Bob's first: Alice drops her staged state and follows Bob.
  await deliverCommit(engine, ps, bob, fromBob.state, fromBob.commit);
  assert.equal(authenticators(ps).size, 1);
  const late = await engine.processHandshake(carol.state, fromAlice.commit);
  assert.equal(late.kind === 'rejected' && late.reason, 'wrong-epoch');
});

test('forcePath adds an UpdatePath to an add-only commit; everyone still agrees', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob']);
  const [alice, bob] = ps as [Party, Party];
  const kpOf = async (name: string) =>
    engine.generateKeyPackage(await engine.createMember({ identity: name, ciphersuite: SUITE, randomBytes: seededBytes(name) }));
  const kp = await kpOf('carol');
  const plain = expectOk(await engine.commit(alice.state, { adds: [kp.keyPackage], publicMessage: true }));
  const forced = expectOk(await engine.commit(alice.state, { adds: [kp.keyPackage], publicMessage: true, forcePath: true }));
  assert.ok(forced.commit.length > plain.commit.length + 100, `forced ${forced.commit.length} vs plain ${plain.commit.length}`);
  await deliverCommit(engine, ps, alice, forced.state, forced.commit);
  assert.equal(authenticators(ps).size, 1);
  assert.notDeepEqual(engine.epochAuthenticator(forced.state), engine.epochAuthenticator(plain.state));
  void bob;
});

test('pending: only the chosen proposals are committed, the rest are dropped with the epoch', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob', 'carol']);
  const [alice, bob] = ps as [Party, Party];
  const p1 = expectOk(await engine.proposeRemove(bob.state, toLeafIndex(2)));
  const kp = await engine.generateKeyPackage(await engine.createMember({ identity: 'dave', ciphersuite: SUITE, randomBytes: seededBytes('d') }));
  const p2 = expectOk(await engine.proposeAdd(p1.state, kp.keyPackage));
  bob.state = p2.state;
  for (const p of [p1.proposal, p2.proposal]) alice.state = expectOk(await engine.processHandshake(alice.state, p)).state;
  const c = expectOk(await engine.commit(alice.state, { pending: [p2.ref] }));
  assert.deepEqual(c.addedMembers.map((m) => m.identity), ['dave']);
  assert.deepEqual(c.removedMembers, []);
  const unknown = await engine.commit(alice.state, { pending: [new Uint8Array(32)] });
  assert.equal(unknown.kind === 'rejected' && unknown.reason, 'invalid');
});

test('external PSK: proposed, injected inline, and required at join', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob']);
  const [alice, bob] = ps as [Party, Party];
  const psk = { id: utf8('psk-1'), secret: new Uint8Array(32).fill(9) };
  const missing = await engine.proposePsk(alice.state, psk.id);
  assert.equal(missing.kind === 'rejected' && missing.reason, 'invalid');
  for (const p of ps) p.state = engine.installExternalPsk(p.state, psk).state;

  const prop = expectOk(await engine.proposePsk(alice.state, psk.id));
  alice.state = prop.state;
  bob.state = expectOk(await engine.processHandshake(bob.state, prop.proposal)).state;
  const c1 = expectOk(await engine.commit(bob.state));
  await deliverCommit(engine, ps, bob, c1.state, c1.commit);
  assert.equal(authenticators(ps).size, 1);

  // Inline PSK together with an add: the joiner needs the PSK too.
  const carol = await engine.createMember({ identity: 'carol', ciphersuite: SUITE, randomBytes: seededBytes('c') });
  const kp = await engine.generateKeyPackage(carol);
  const c2 = expectOk(await engine.commit(alice.state, { adds: [kp.keyPackage], psks: [psk.id] }));
  await deliverCommit(engine, ps, alice, c2.state, c2.commit);
  const without = await engine.joinFromWelcome(carol, c2.welcome!, kp.keyPackagePrivate);
  assert.equal(without.kind, 'rejected');
  const joined = expectOk(await engine.joinFromWelcome(carol, c2.welcome!, kp.keyPackagePrivate, { externalPsks: [psk] }));
  ps.push({ name: 'carol', member: carol, state: joined.state });
  assert.equal(authenticators(ps).size, 1);

  // A member without the PSK cannot follow a commit that uses it.
  const noPsk = await buildGroup(engine, SUITE, ['x', 'y'], 'nopsk');
  const xs = engine.installExternalPsk(noPsk[0]!.state, psk).state;
  const c3 = expectOk(await engine.commit(xs, { psks: [psk.id] }));
  const r = await engine.processHandshake(noPsk[1]!.state, c3.commit);
  assert.equal(r.kind === 'rejected' && r.reason, 'invalid');
});

test('exportSecret agrees across members and differs by label', async () => {
  const ps = await buildGroup(engine, SUITE, ['alice', 'bob']);
  const a = await engine.exportSecret(ps[0]!.state, 'label', utf8('ctx'), 32);
  assert.deepEqual(await engine.exportSecret(ps[1]!.state, 'label', utf8('ctx'), 32), a);
  assert.notDeepEqual(await engine.exportSecret(ps[1]!.state, 'other', utf8('ctx'), 32), a);
});

test('handles from elsewhere are refused with a TypeError', async () => {
  await assert.rejects(engine.commit({} as never), { name: 'TypeError', message: 'state: not a group handle of the ts-mls engine' });
  assert.throws(() => engine.epoch(null as never), TypeError);
  const m = await engine.createMember({ identity: 'm', ciphersuite: SUITE, randomBytes: seededBytes('m') });
  await assert.rejects(engine.createGroup(m, new Uint8Array(0)), /groupId: expected non-empty bytes/);
});

test('capabilities seam: leaf extensions ride along, group extensions require support from joiners', async () => {
  const MEDIA_TYPES = 0xff02; // stand-in for a custom content/media-types extension
  const mk = (name: string, extensions: number[]) =>
    engine.createMember({ identity: name, ciphersuite: SUITE, randomBytes: seededBytes(name), capabilities: { extensions } });
  const alice = await engine.createMember({
    identity: 'alice',
    ciphersuite: SUITE,
    randomBytes: seededBytes('alice'),
    capabilities: { extensions: [MEDIA_TYPES] },
    leafExtensions: [{ type: 0xff01, data: utf8('text/plain') }],
  });
  const { state } = await engine.createGroup(alice, utf8('caps'), { extensions: [{ type: MEDIA_TYPES, data: utf8('text/markdown') }] });
  const able = await engine.generateKeyPackage(await mk('able', [MEDIA_TYPES]));
  const unable = await engine.generateKeyPackage(await mk('unable', []));
  expectOk(await engine.commit(state, { adds: [able.keyPackage] }));
  const r = await engine.commit(state, { adds: [unable.keyPackage] });
  assert.equal(r.kind === 'rejected' && r.reason, 'invalid');
});
