import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackRun } from './providerAttackHelpers.ts';

const ghost = { kind: 'malicious-provider', provider: 'provA', ghosts: 2 };

test('a ghost device the provider plants really joins and decrypts; roster checks catch it and exposure stops', async () => {
  const open = await attackRun('federated-mls', [ghost]);
  assert.ok(open.attack.attempts > 0, 'the ghost was served in some claim');
  assert.ok(open.attack.exposed > 0, 'the ghost decrypted messages');
  assert.ok(open.run.security.exposedParties.some((p) => p.startsWith('provA/')), 'exposure is recorded where the ghost decrypted');
  assert.ok(open.run.security.e2eePreservedPct < 100);
  assert.deepEqual(open.attack.detections, []);

  const checked = await attackRun('federated-mls', [ghost], { rosterChecks: {} });
  assert.equal(checked.attack.attempts, open.attack.attempts, 'the same ghosts are offered');
  assert.ok(checked.attack.detections.length >= checked.attack.attempts, 'every ghost addition detected');
  assert.ok(checked.attack.detections.every((s) => s >= 0 && s < 5), 'detected at the commit that added it');
  assert.ok(checked.attack.exposed < open.attack.exposed / 4, `exposure stops (${checked.attack.exposed} vs ${open.attack.exposed})`);
  assert.ok(checked.run.mls.commitsAccepted > open.run.mls.commitsAccepted, 'the ghosts were removed by real commits');
});

test('roster checks switched on for another provider\'s clients only still catch a ghost in a shared group', async () => {
  const r = await attackRun('federated-mls', [ghost], { rosterChecks: { providers: ['provB'] } });
  assert.ok(r.attack.detections.length > 0);
});

test('withheld messages are drops with a reason in the ledger, noticed by the gap in the sender\'s generations', async () => {
  const r = await attackRun('federated-mls', [{ kind: 'malicious-provider', provider: 'provA', ghosts: 0, withholdShare: 0.3 }]);
  const drops = r.run.summary.dropReasons as Record<string, number>;
  assert.ok(r.attack.attempts > 0);
  assert.equal(drops['withheld-by-provider'], r.detail.withheldCopies, 'every withheld copy is one ledger drop');
  assert.ok(r.detail.withheldNoticed! > 0, 'recipients noticed gaps');
  assert.equal(r.attack.exposed, 0, 'the provider itself cannot decrypt MLS');
});
