// What the delivery service sees without keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peek } from '../../sim/mls/peek.ts';
import { buildGroup, expectOk, seededBytes, utf8, testEngine } from './helpers.ts';

test('every kind of MLS message peeks with its cleartext header', async () => {
  const engine = testEngine();
  const ps = await buildGroup(engine, 3, ['alice', 'bob']);
  const [alice, bob] = ps;
  const gid = engine.groupId(alice!.state);
  const carol = await engine.createMember({ identity: 'carol', ciphersuite: 3, randomBytes: seededBytes('c') });
  const kp = await engine.generateKeyPackage(carol);
  const c = expectOk(await engine.commit(alice!.state, { adds: [kp.keyPackage], groupInfo: true }));
  const pub = expectOk(await engine.proposeRemove(bob!.state, engine.ownLeafIndex(alice!.state), { publicMessage: true }));
  const priv = expectOk(await engine.proposeUpdate(bob!.state));
  const app = expectOk(await engine.protect(alice!.state, utf8('x')));

  assert.deepEqual(peek(c.commit), { kind: 'commit', framing: 'private', groupId: gid, epoch: 1n, byteLength: c.commit.length });
  assert.deepEqual(peek(pub.proposal), { kind: 'proposal', framing: 'public', groupId: gid, epoch: 1n, senderLeaf: 1, byteLength: pub.proposal.length });
  assert.equal(peek(priv.proposal).kind, 'proposal');
  assert.equal(peek(app.message).kind, 'application');
  assert.deepEqual(peek(c.welcome!), { kind: 'welcome', ciphersuite: 3, byteLength: c.welcome!.length });
  assert.deepEqual(peek(c.groupInfo!), { kind: 'group-info', ciphersuite: 3, groupId: gid, epoch: 2n, byteLength: c.groupInfo!.length });
  assert.deepEqual(peek(kp.keyPackage), { kind: 'key-package', ciphersuite: 3, byteLength: kp.keyPackage.length });
  assert.equal(engine.peek, peek);
});

test('anything else is unknown, and peek never throws', () => {
  assert.deepEqual(peek(new Uint8Array(0)), { kind: 'unknown', byteLength: 0 });
  assert.deepEqual(peek(Uint8Array.of(0, 1, 0, 9)), { kind: 'unknown', byteLength: 4 });
  assert.equal(peek('nope' as never).kind, 'unknown');
  // A PrivateMessage with trailing bytes is not one.
  const pm = Uint8Array.of(0, 1, 0, 2, 1, 0xaa, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0);
  assert.equal(peek(pm).kind, 'application');
  assert.equal(peek(Uint8Array.of(...pm, 0)).kind, 'unknown');
  // Non-minimal varint lengths are refused (RFC 9420 §2.1.2).
  assert.equal(peek(Uint8Array.of(0, 1, 0, 2, 0x40, 1, 0xaa, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0)).kind, 'unknown');
  const rnd = seededBytes('peek-fuzz');
  for (let i = 0; i < 2000; i++) peek(rnd(1 + (i % 64)));
});
