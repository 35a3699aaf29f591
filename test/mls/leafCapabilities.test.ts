import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripSuites } from '../../sim/actors/attackers/downgrade.ts';
import { contentCapabilitiesExtension, decodeContentCapabilities, CONTENT_CAPABILITIES_EXTENSION_TYPE } from '../../sim/content/index.ts';
import { expectOk, seededBytes, testEngine } from './helpers.ts';

const TEXT = { mediaTypes: [], partKinds: [], honorsExpiry: false };
const RICH = { mediaTypes: ['image/png', 'text/markdown'], partKinds: ['reaction'], honorsExpiry: false };

test('leaf extensions and advertised suites: in KeyPackages, in the tree (memberLeaves), revised by an update commit', async () => {
  const engine = testEngine();
  const alice = await engine.createMember({ identity: 'alice', ciphersuite: 1, randomBytes: seededBytes('a'), capabilities: { ciphersuites: [1] }, leafExtensions: [contentCapabilitiesExtension(TEXT as never)] });
  const bob = await engine.createMember({ identity: 'bob', ciphersuite: 1, randomBytes: seededBytes('b'), capabilities: { ciphersuites: [1, 83] }, leafExtensions: [contentCapabilitiesExtension(RICH as never)] });
  const kp = await engine.generateKeyPackage(bob);
  const seen = expectOk(await engine.inspectKeyPackage(kp.keyPackage));
  assert.deepEqual(seen.leaf.ciphersuites, [1, 83]);
  assert.ok(seen.leaf.extensionTypes.includes(CONTENT_CAPABILITIES_EXTENSION_TYPE));
  let { state } = await engine.createGroup(alice, new TextEncoder().encode('g'));
  const added = expectOk(await engine.commit(state, { adds: [kp.keyPackage] }));
  state = added.state;
  const leaves = engine.memberLeaves(state);
  assert.deepEqual(leaves.map((l) => [l.identity, l.ciphersuites]), [['alice', [1]], ['bob', [1, 83]]]);
  const bobCaps = decodeContentCapabilities(leaves[1]!.extensions.find((e) => e.type === CONTENT_CAPABILITIES_EXTENSION_TYPE)!.data);
  assert.deepEqual(bobCaps.mediaTypes, ['image/png', 'text/markdown']);
  // Alice upgrades: same identity and key, new suites and content capabilities, carried by an update commit.
  const upgraded = engine.reviseMember(alice, { capabilities: { ciphersuites: [1, 83] }, leafExtensions: [contentCapabilitiesExtension(RICH as never)] });
  const upd = expectOk(await engine.commit(state, { forcePath: true, revisedMember: upgraded }));
  const joined = expectOk(await engine.joinFromWelcome(bob, added.welcome!, kp.keyPackagePrivate));
  const bobView = expectOk(await engine.processHandshake(joined.state, upd.commit));
  for (const s of [upd.state, bobView.state]) {
    const a = engine.memberLeaves(s)[0]!;
    assert.deepEqual(a.ciphersuites, [1, 83]);
    assert.deepEqual(decodeContentCapabilities(a.extensions[0]!.data).partKinds, ['reaction']);
  }
  assert.deepEqual(engine.epochAuthenticator(upd.state), engine.epochAuthenticator(bobView.state));
});

test('a KeyPackage whose advertised suites were stripped in transit no longer verifies', async () => {
  const engine = testEngine();
  const bob = await engine.createMember({ identity: 'bob', ciphersuite: 83, randomBytes: seededBytes('b'), capabilities: { ciphersuites: [83, 1] } });
  const kp = (await engine.generateKeyPackage(bob)).keyPackage;
  const stripped = stripSuites(kp, (s) => s !== 83 && s !== 84 && s !== 87)!;
  assert.ok(stripped.length < kp.length);
  const r = await engine.inspectKeyPackage(stripped);
  assert.equal(r.kind, 'rejected');
  assert.equal((r as { reason: string }).reason, 'bad-signature');
});
