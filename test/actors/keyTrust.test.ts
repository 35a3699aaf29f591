import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams, at, nodeId } from '../../sim/core/index.ts';
import { KeyTrust } from '../../sim/actors/keyTrust.ts';
import { loadEngine } from '../../sim/mls/loadEngine.ts';

const streams = new RandomStreams('key-trust');
const keyBytes = (p: string) => (n: number) => streams.stream(`identity/provider-key/${p}`).bytes(n);
const providers = [nodeId('provA'), nodeId('provB')];
const alice = nodeId('provA/u1/d0');
const viewer = nodeId('provB/u0/d0');

async function keyPackage(seed: string) {
  const engine = await loadEngine('ts-mls');
  const rng = new RandomStreams(seed).stream('m');
  const member = await engine.createMember({ identity: alice, ciphersuite: 1, randomBytes: (n) => rng.bytes(n) });
  return (await engine.generateKeyPackage(member)).keyPackage;
}

test('provider attestation: the home provider signs what it serves; a substituted key fails verification', async () => {
  const trust = new KeyTrust('provider-attested', providers, keyBytes);
  const real = await keyPackage('alice');
  const attestation = trust.attest(nodeId('provA'), real, at(1000));
  assert.equal(attestation.length, 8 + 64);
  assert.equal(trust.check(viewer, alice, nodeId('provA'), real, attestation, at(2000)), true);
  const substitute = await keyPackage('mallory'); // same identity, the attacker's signature key
  assert.equal(trust.check(viewer, alice, nodeId('provA'), substitute, attestation, at(2000)), false);
  assert.equal(trust.check(viewer, alice, nodeId('provB'), real, attestation, at(2000)), false, 'signed by provA, presented as provB');
  assert.equal(trust.check(viewer, alice, nodeId('provA'), real, undefined, at(2000)), false, 'no attestation');
  assert.deepEqual([trust.accepted, trust.rejected], [1, 3]);
});

test('TOFU: first key pinned, a changed key for the same contact raises a warning (and is re-pinned)', async () => {
  const trust = new KeyTrust('tofu', providers, keyBytes);
  const first = await keyPackage('alice');
  const again = await keyPackage('alice');
  const changed = await keyPackage('alice-new-phone');
  assert.equal(trust.check(viewer, alice, nodeId('provA'), first, undefined, at(1)), true);
  assert.equal(trust.check(viewer, alice, nodeId('provA'), again, undefined, at(2)), true);
  assert.equal(trust.keyChangeWarnings, 0);
  assert.equal(trust.check(viewer, alice, nodeId('provA'), changed, undefined, at(3)), true);
  assert.equal(trust.keyChangeWarnings, 1);
  assert.equal(trust.check(nodeId('provB/u9/d0'), alice, nodeId('provA'), changed, undefined, at(4)), true, 'pins are per viewer');
  assert.equal(trust.keyChangeWarnings, 1);
});

test('a KeyPackage whose credential names another device is refused in every mode', async () => {
  const kp = await keyPackage('alice');
  for (const mode of ['none', 'tofu', 'provider-attested'] as const) {
    const trust = new KeyTrust(mode, providers, keyBytes);
    assert.equal(trust.check(viewer, nodeId('provA/u2/d0'), nodeId('provA'), kp, trust.attest(nodeId('provA'), kp, at(1)), at(1)), false);
    assert.deepEqual(trust.rejectReasons, { 'identity-mismatch': 1 });
  }
});
