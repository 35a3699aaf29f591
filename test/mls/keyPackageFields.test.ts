import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyPackageFields } from '../../sim/mls/keyPackageFields.ts';
import { loadEngine } from '../../sim/mls/loadEngine.ts';

test('reads suite, signature key and identity from a real KeyPackage; garbage gives undefined', async () => {
  const engine = await loadEngine('ts-mls');
  let n = 0;
  for (const suite of [1, 83]) {
    const member = await engine.createMember({ identity: 'provA/u3/d0', ciphersuite: suite, randomBytes: (k) => new Uint8Array(k).fill(++n) });
    const kp = await engine.generateKeyPackage(member);
    const f = keyPackageFields(kp.keyPackage);
    assert.ok(f);
    assert.equal(f.ciphersuite, suite);
    assert.equal(f.identity, 'provA/u3/d0');
    assert.equal(f.signatureKey.length, 32, 'Ed25519 public key');
    const other = await engine.generateKeyPackage(member);
    assert.deepEqual(keyPackageFields(other.keyPackage)!.signatureKey, f.signatureKey, 'same member, same signature key');
    for (let cut = 0; cut < 40; cut++) assert.equal(keyPackageFields(kp.keyPackage.subarray(0, cut)), undefined);
  }
  assert.equal(keyPackageFields(new Uint8Array([0, 1, 0, 1, 9, 9])), undefined, 'not a key package');
});
