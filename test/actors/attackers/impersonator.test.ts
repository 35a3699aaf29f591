import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { ScenarioError, validateScenario } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

// provA has u0..u4, provB u0..u2: `u4` exists only at provA, so the impersonator registers u4@provB
// and asks provB's users for what they would send u4.
const scenario = (namespace: 'handle' | 'phone' | 'hierarchical', defenses: object = {}, architecture = 'federated-mls') =>
  smallScenario({
    durationSeconds: 15,
    architecture: architecture as never,
    providers: [
      { id: 'provA', users: 5 },
      { id: 'provB', users: 3, devicesPerUser: { min: 1, max: 2 } },
    ],
    identity: { namespace },
    workload: { oneToOne: 2, groups: { count: 0, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 6 },
    attackers: [{ kind: 'impersonator', victims: 3, replies: 2, lookalikeBelief: 0.5 }],
    defenses,
  });

const impersonation = async (...args: Parameters<typeof scenario>) => {
  const r = await runScenario(scenario(...args));
  return { r, a: r.attacks.find((x) => x.kind === 'impersonator')! };
};

test('a colliding bare handle fools every victim: the impersonator really decrypts what they send it', async () => {
  const { r, a } = await impersonation('handle');
  assert.equal(a.attempts, 3);
  assert.equal(a.successes, 3);
  assert.equal(a.exposed, 3 * 2, 'every reply was decrypted by the impersonator');
  assert.ok(r.security.misdeliveredCopies >= a.exposed, 'counted as copies that reached someone the sender did not mean');
  assert.ok(r.security.exposedParties.includes('provB/u4/d0' as never), 'exposure is ground truth of who held plaintext');
  assert.equal(a.detections.length, 0, 'nobody noticed');
});

test('provider-qualified display and hierarchical names stop it, and the warning is the detection', async () => {
  for (const [ns, defenses] of [['handle', { qualifiedDisplay: {} }], ['hierarchical', {}]] as const) {
    const { r, a } = await impersonation(ns, defenses);
    assert.equal(a.attempts, 3, ns);
    assert.equal(a.exposed, 0, `${ns}: nothing exposed`);
    assert.equal(a.successes, 0);
    assert.equal(a.detections.length, 3, `${ns}: every victim was warned`);
    assert.ok(a.detections.every((s) => s >= 0 && s < 5), `${ns}: detected on arrival (${a.detections})`);
    assert.ok((r.summary.rejectReasons['impersonation-warned'] ?? 0) >= 3, 'the warned copies are rejected by the client');
  }
  // Scoped to the other provider's clients, the defense does not protect provB's users.
  assert.equal((await impersonation('handle', { qualifiedDisplay: { providers: ['provA'] } })).a.successes, 3);
});

test('a look-alike number fools some victims; the same attack works under every architecture', async () => {
  const { a } = await impersonation('phone');
  assert.ok(a.successes < a.attempts, `${a.successes}/${a.attempts} fooled by a look-alike`);
  assert.equal(a.exposed, a.successes * 2);
  const silo = await impersonation('handle', {}, 'silo');
  assert.equal(silo.a.exposed, 6);
});

test('an impersonator target outside the scenario is a one-line error naming the field', () => {
  assert.throws(
    () => validateScenario({ name: 'x', providers: [{ id: 'provA', users: 2 }], attackers: [{ kind: 'impersonator', target: 'u1@provQ' }] }),
    (e: unknown) => e instanceof ScenarioError && /attackers\[0\]\.target: "u1@provQ" is at no provider/.test(e.message),
  );
});
