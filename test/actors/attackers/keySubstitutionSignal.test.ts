import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import type { ScenarioInput } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

const kt = { keyTransparency: { epochSeconds: 4, genesisSeconds: 0.25, monitorIntervalSeconds: 5, auditors: true } };
const known = { tofu: { priorContactShare: 1 } };

/** The small scenario under Signal with provA's directory serving its own bundles for provA's users. */
async function signalRun(attacker: Record<string, unknown>, defenses: Record<string, unknown>) {
  const s = smallScenario({ protocol: 'signal', identity: { verification: 'tofu' }, attackers: [{ kind: 'key-substituting-directory', at: 'provA', ...attacker }], defenses } as Partial<ScenarioInput>);
  const r = await runScenario(s, { architecture: 'federated-mls' });
  const attack = r.attacks[0]!;
  return { r, attack, d: attack.detail!, drops: r.summary.dropReasons as Record<string, number> };
}

test('Signal, TOFU on first contact: the substitute identity key is pinned, sessions open to the attacker, and it reads for real', async () => {
  const { r, attack, d, drops } = await signalRun({}, {});
  assert.ok(attack.attempts > 0, 'substitute bundles served');
  assert.ok(attack.successes > 0, 'contacts opened PQXDH sessions with the attacker');
  assert.ok(attack.exposed > 0);
  assert.equal(drops['intercepted-by-directory'], attack.exposed, 'each message it read is one drop for the target');
  assert.equal(r.security.decryptionsByRole?.attacker, attack.exposed);
  assert.ok(d.clientAccepted! > 0 && d.clientWarned === 0, 'first contact: pinned without a warning');
});

test('Signal with key transparency: unlogged substitutes fail inclusion checks; logged ones are seen by the owner\'s monitor', async () => {
  const unlogged = await signalRun({ logSubstitutes: false }, kt);
  assert.equal(unlogged.attack.exposed, 0);
  assert.ok(unlogged.d.clientRejected! > 0, 'clients refused the unprovable identity keys');
  assert.ok(unlogged.drops['key-refused']! > 0, 'copies to a refused device settle as key-refused');
  const logged = await signalRun({ logSubstitutes: true }, kt);
  assert.ok(logged.attack.exposed > 0, 'a logged substitute passes the inclusion check');
  assert.ok(logged.d.monitorDetections! > 0, 'the owner\'s monitor saw its device bound to a key it never made');
});

test('Signal key-change policy: block-and-warn holds the changed identity key and leaks far less than auto-resend', async () => {
  const auto = await signalRun({}, { ...known, keyChangePolicy: { policy: 'auto-resend', confirmSeconds: 5, confirmShare: 0.5 } });
  const block = await signalRun({}, { ...known, keyChangePolicy: { policy: 'block-and-warn', confirmSeconds: 5, confirmShare: 0.5 } });
  assert.ok(auto.d.clientWarned! > 0, 'pinned contacts see the safety number change');
  assert.ok(block.d.clientHeld! > 0);
  assert.ok(block.attack.exposed < auto.attack.exposed / 2, `held: ${block.attack.exposed} vs ${auto.attack.exposed}`);
});

test('Signal out of band: users compare safety numbers (libsignal\'s fingerprint) and refuse the substitute', async () => {
  const { r, attack, d } = await signalRun({}, { outOfBand: { share: 1 } });
  assert.equal(attack.exposed, 0);
  assert.ok(d.clientRejected! > 0 && attack.detections.length === d.clientRejected, 'each refusal is a detection');
  assert.ok(r.keys.safetyNumberComparisons! > 0, 'refusals came from safety-number comparisons');
  assert.equal(r.keys.rejectReasons['oob-mismatch'], d.clientRejected);
});
