import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackRun } from './providerAttackHelpers.ts';

const operator = { kind: 'bridge-operator', alterShare: 0.3 };

test('a re-encrypting bridge that alters content gets it accepted; content signatures make clients reject it', async () => {
  const open = await attackRun('bridge-reencrypt', [operator]);
  assert.ok(open.attack.attempts > 0);
  assert.ok(open.attack.exposed > 0, 'the bridge read what it relayed');
  assert.ok(open.attack.forged > 0, 'altered messages were delivered');
  assert.equal(open.attack.detections.length, 0);
  assert.ok(open.run.summary.delivered > 0);

  const signed = await attackRun('bridge-reencrypt', [operator], { contentSignatures: {} });
  assert.equal(signed.attack.forged, 0, 'no altered message accepted');
  const rejects = signed.run.summary.rejectReasons as Record<string, number>;
  assert.equal(rejects['content-signature-invalid'], signed.detail.caughtCopies);
  assert.ok(signed.attack.detections.length > 0);
});

test('without a re-encrypting bridge the operator has nothing to do', async () => {
  const r = await attackRun('federated-mls', [operator]);
  assert.equal(r.attack.attempts, 0);
});
