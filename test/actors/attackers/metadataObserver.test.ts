import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smallScenario } from '../../runner/smallScenario.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { attackRun } from './providerAttackHelpers.ts';

test('an observer at the bridge rebuilds who talks to whom; sealed sender hides the senders it does not serve', async () => {
  const open = await attackRun('bridge-e2ee', [{ kind: 'metadata-observer', at: 'bridge' }]);
  assert.ok(open.detail.pairsCorrect! > 0);
  assert.equal(open.detail.pairsLearned, open.detail.pairsCorrect, 'precision 100%');
  const sealed = await attackRun('bridge-e2ee', [{ kind: 'metadata-observer', at: 'bridge' }], { sealedSender: {} });
  assert.ok(sealed.attack.successes < open.attack.successes, `recall falls (${sealed.attack.successes} vs ${open.attack.successes})`);
});

test('architectures differ: a silo provider sees only the conversations it hosts, a federating one also what it relays', async () => {
  const silo = await attackRun('silo', [{ kind: 'metadata-observer', at: 'provB' }]);
  const hub = await attackRun('federated-mls', [{ kind: 'metadata-observer', at: 'provB' }]);
  assert.ok(hub.attack.successes > 0, 'federated: provB relays and hosts cross-provider conversations');
  assert.ok(silo.attack.successes < hub.attack.successes, `silo: only conversations it hosts (${silo.attack.successes} vs ${hub.attack.successes})`);
});

test('a scenario naming an unknown observer node is a one-line error naming the field', () => {
  assert.throws(() => smallScenario({ attackers: [{ kind: 'metadata-observer', at: 'nowhere' }] } as never), /attackers\[0\]\.at: "nowhere" names no provider or node/);
  assert.throws(() => smallScenario({ defenses: { rosterChecks: { providers: ['provZ'] } } } as never), /defenses\.rosterChecks\.providers\[0\]: "provZ" names no provider/);
});

test('with no attacker and no defense nothing changes: the run is the same as one that never heard of them', async () => {
  const a = await runScenario(smallScenario());
  const b = await runScenario(smallScenario({ attackers: [], defenses: {} }));
  assert.equal(a.digest, b.digest);
});
