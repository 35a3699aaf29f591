import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario, type RunResult } from '../../../sim/runner/runScenario.ts';
import { validateScenario, type ScenarioInput } from '../../../scenarios/index.ts';

/** Two providers; the directory of provA substitutes the keys of all its users from the start. */
function scenario(over: { defenses?: Record<string, unknown>; attacker?: Record<string, unknown>; verification?: string } = {}) {
  return validateScenario({
    name: 'key-substitution',
    seed: 3,
    durationSeconds: 20,
    drainSeconds: 10,
    providers: [
      { id: 'provA', users: 3 },
      { id: 'provB', users: 3 },
    ],
    identity: { verification: over.verification ?? 'tofu' },
    workload: { oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 4 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 0.8, churn: { addsPerGroupPerHour: 0, removesPerGroupPerHour: 0 }, updatePeriodSeconds: 0 },
    attackers: [{ kind: 'key-substituting-directory', at: 'provA', ...over.attacker }],
    defenses: over.defenses ?? {},
  } as ScenarioInput);
}

const attack = (r: RunResult) => r.attacks.find((a) => a.kind === 'key-substituting-directory')!;

test('undefended and TOFU on first contact: the attacker really joins and decrypts what is sent to its targets', async () => {
  for (const verification of ['none', 'tofu']) {
    const r = await runScenario(scenario({ verification }));
    const a = attack(r);
    assert.ok(a.attempts > 0 && a.successes > 0, `${verification}: substitutes served and groups joined`);
    assert.ok(a.exposed > 0, `${verification}: messages decrypted by the attacker`);
    // Measured where it happened: the exposure ledger holds the attacker's real decryptions.
    assert.ok(r.security.exposedParties.includes(a.id));
    assert.ok(r.security.e2eePreservedPct < 100);
    // The targets' real devices never got those copies: each settled once, as diverted.
    assert.ok((r.summary.dropReasons['intercepted-by-directory'] ?? 0) >= a.exposed);
    assert.deepEqual(a.detections, [], `${verification}: nobody noticed`);
  }
});

test('key transparency, substitute unlogged: clients refuse it on the inclusion proof and nothing leaks', async () => {
  const r = await runScenario(scenario({ defenses: { keyTransparency: { monitorIntervalSeconds: 10 } } }));
  const a = attack(r);
  assert.ok(a.attempts > 0);
  assert.equal(a.exposed, 0);
  assert.equal(a.successes, 0);
  assert.ok((r.keys.rejectReasons['bad-inclusion-proof'] ?? 0) > 0);
  assert.deepEqual(r.security.exposedParties, []);
});

test('key transparency, substitute logged: clients accept it, and the owners\' monitors detect it after the epoch', async () => {
  const r = await runScenario(scenario({ attacker: { logSubstitutes: true }, defenses: { keyTransparency: { monitorIntervalSeconds: 5 } } }));
  const a = attack(r);
  assert.ok(a.exposed > 0, 'logged substitutes pass inclusion checks');
  assert.ok(r.keys.transparency!.detections > 0);
  assert.equal(a.detail!['monitorDetections'], a.detail!['targets'], 'every substituted identity seen by its owner');
  assert.ok(a.detections.length > 0 && a.detections.every((d) => d > 0 && d <= 0.25 + 5));
  assert.equal(r.keys.transparency!.auditFindings, 0, 'an append-only log: auditors find it consistent');
});

test('out-of-band verification: users who compared safety numbers refuse the substitute (detected, nothing leaks)', async () => {
  const r = await runScenario(scenario({ defenses: { outOfBand: { share: 1 } } }));
  const a = attack(r);
  assert.ok(a.attempts > 0);
  assert.equal(a.exposed, 0);
  assert.equal(a.detections.length, a.attempts);
  assert.equal(r.keys.rejectReasons['oob-mismatch'], a.attempts);
});

test('key-change policy with pinned contacts: auto-resend leaks to the substituted key, block-and-warn holds it and does not', async () => {
  const known = { tofu: { priorContactShare: 1 } };
  const auto = await runScenario(scenario({ defenses: { ...known, keyChangePolicy: { policy: 'auto-resend' } } }));
  const block = await runScenario(scenario({ defenses: { ...known, keyChangePolicy: { policy: 'block-and-warn', confirmSeconds: 5, confirmShare: 0 } } }));
  const [a, b] = [attack(auto), attack(block)];
  assert.ok(a.exposed > 0, 'auto-resend: real decryptions by the attacker');
  assert.ok(auto.keys.keyChangeWarnings > 0 && a.detections.length > 0, 'the warning was shown (and ignored)');
  assert.equal(b.exposed, 0, 'block-and-warn: nothing leaked');
  assert.ok(block.keys.holds!.held > 0 && block.keys.holds!.refused === block.keys.holds!.held);
  assert.ok(block.keys.holds!.holdSeconds > 0, 'the additions were delayed while the users decided');
});

test('deterministic: the same attacked and defended scenario gives the same digest and report', async () => {
  const s = scenario({ attacker: { logSubstitutes: true }, defenses: { keyTransparency: { monitorIntervalSeconds: 7 }, outOfBand: { share: 0.3 } } });
  const [a, b] = [await runScenario(s), await runScenario(s)];
  assert.equal(a.digest, b.digest);
  assert.deepEqual(attack(a), attack(b));
});
