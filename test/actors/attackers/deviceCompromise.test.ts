import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import type { ScenarioInput } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

/** The honest run's outcomes: every copy's fate, latencies and bytes on the wire. */
const outcomes = (r: Awaited<ReturnType<typeof runScenario>>) => {
  const { messages, delivered, dropped, rejected, latencyMs, wireBytes } = r.summary as unknown as Record<string, unknown>;
  assert.ok(typeof delivered === 'number' && delivered > 0);
  return { messages, delivered, dropped, rejected, latencyMs, wireBytes };
};

const thief = { kind: 'device-compromise', atSeconds: 5, victims: 2 };

/** The small scenario without churn, at one self-update period, under one protocol; with and without the thief. */
async function pcsRun(protocol: 'mls' | 'signal', updatePeriodSeconds: number) {
  const workload = { oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 4 } }, messagesPerMemberPerMinute: 30, crossProviderShare: 0.6, churn: { addsPerGroupPerHour: 0, removesPerGroupPerHour: 0 }, updatePeriodSeconds };
  const base = { protocol, workload } as Partial<ScenarioInput>;
  const attacked = await runScenario(smallScenario({ ...base, attackers: [thief] } as Partial<ScenarioInput>), { architecture: 'federated-mls' });
  const honest = await runScenario(smallScenario(base), { architecture: 'federated-mls' });
  const attack = attacked.attacks[0]!;
  return { attacked, honest, attack, d: attack.detail! };
}

test('MLS without self-updates: the stolen state reads every later message to the victims, and never recovers', async () => {
  const { attacked, honest, attack, d } = await pcsRun('mls', 0);
  assert.equal(d.victims, 2);
  assert.ok(d.laterMessages! > 20, `messages addressed to the victims after the compromise (${d.laterMessages})`);
  assert.equal(d.readMessages, d.laterMessages, 'every one decrypted for real with the copy');
  assert.equal(d.recovered, 0);
  assert.equal(attack.exposed, d.readMessages);
  assert.equal(attacked.security.decryptionsByRole?.attacker, attack.exposed, 'each read is one expose record');
  assert.deepEqual(outcomes(attacked), outcomes(honest), 'passive: the honest outcomes are those of the run without it');
});

test('MLS with frequent self-updates: the victim\'s own commit locks the copy out', async () => {
  const { d } = await pcsRun('mls', 2);
  assert.ok(d.recovered! > 0, 'some compromised conversation recovered');
  assert.ok(d.readMessages! < d.laterMessages!, `not everything read (${d.readMessages}/${d.laterMessages})`);
  assert.ok(d.recoverySecondsSum! > 0);
});

test('Signal: the DH ratchet heals pairwise sessions at the victim\'s next reply; reads are real and recovery is measured', async () => {
  const { attacked, honest, attack, d } = await pcsRun('signal', 0);
  assert.ok(d.laterMessages! > 20);
  assert.ok(d.readMessages! > 0, 'the copy reads until the victim ratchets');
  assert.ok(d.oneToOneRead! < d.oneToOneLater!, `1:1 sessions heal (${d.oneToOneRead}/${d.oneToOneLater})`);
  assert.ok(d.recovered! > 0);
  assert.equal(attacked.security.decryptionsByRole?.attacker, attack.exposed);
  assert.deepEqual(outcomes(attacked), outcomes(honest), 'the copy draws its own randomness: the device\'s keys are unchanged');
});
