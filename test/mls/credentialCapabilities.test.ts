// Members advertise both credential types the engine accepts (RFC 9420 §7.2 capabilities.credentials),
// as ts-mls's defaults do: OpenMLS-based deployments reject KeyPackages that do not list x509.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMlsMessage } from 'ts-mls';
import { expectOk, seededBytes, testEngine, utf8 } from './helpers.ts';

const engine = testEngine();

for (const suite of [1, 83]) {
  test(`suite ${suite}: the KeyPackage's leaf lists basic and x509 credentials, and the leaf in the tree keeps them`, async () => {
    const alice = await engine.createMember({ identity: 'alice', ciphersuite: suite, randomBytes: seededBytes('a') });
    const bob = await engine.createMember({ identity: 'bob', ciphersuite: suite, randomBytes: seededBytes('b') });
    const kp = await engine.generateKeyPackage(bob);
    const m = decodeMlsMessage(kp.keyPackage, 0)?.[0];
    assert.ok(m !== undefined && m.wireformat === 'mls_key_package');
    assert.deepEqual(m.keyPackage.leafNode.capabilities.credentials, ['basic', 'x509']);
    assert.equal(m.keyPackage.leafNode.credential.credentialType, 'basic');
    const { state } = await engine.createGroup(alice, utf8('g'));
    const c = expectOk(await engine.commit(state, { adds: [kp.keyPackage] }));
    const joined = expectOk(await engine.joinFromWelcome(bob, c.welcome!, kp.keyPackagePrivate));
    assert.equal(engine.members(joined.state).length, 2);
  });
}

test('asking for x509 again does not list it twice', async () => {
  const carol = await engine.createMember({ identity: 'carol', ciphersuite: 1, randomBytes: seededBytes('c'), capabilities: { credentials: ['x509'] } });
  const m = decodeMlsMessage((await engine.generateKeyPackage(carol)).keyPackage, 0)?.[0];
  assert.ok(m !== undefined && m.wireformat === 'mls_key_package');
  assert.deepEqual(m.keyPackage.leafNode.capabilities.credentials, ['basic', 'x509']);
});
