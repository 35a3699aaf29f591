import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttackResult } from '../../../sim/runner/runScenario.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { ScenarioError, validateScenario } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

// Two providers, every 1:1 conversation a first contact (wanted ones, so filters can be wrong), and a
// spammer with one account per provider opening 40 first contacts a minute for 25 seconds.
const spamScenario = (defenses: object) =>
  smallScenario({
    durationSeconds: 25,
    workload: { oneToOne: 3, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 12, crossProviderShare: 0.5, firstContactShare: 1 },
    attackers: [{ kind: 'spammer', accountsPerProvider: 1, contactsPerMinute: 40 }],
    defenses,
  });

const spamOf = (r: { attacks: readonly AttackResult[] }) => r.attacks.find((a) => a.kind === 'spammer')!;

test('spam reaches nearly every target without a defense; each defense lowers reach, at a measured false-positive cost', async () => {
  const none = await runScenario(spamScenario({}));
  const open = spamOf(none);
  assert.ok(open.attempts >= 10, `${open.attempts} first contacts`);
  assert.ok(open.reach! >= 0.8, `reach ${open.reach} without a defense`);
  assert.ok(open.legitimate! > 0, 'wanted first contacts were judged');
  assert.equal(open.falsePositives, 0, 'nothing is filtered without a defense');
  assert.equal(Object.keys(none.summary.rejectReasons).filter((k) => k.startsWith('spam-')).length, 0);

  const contactOnly = await runScenario(spamScenario({ spam: { contactOnly: {} } }));
  const c = spamOf(contactOnly);
  assert.equal(c.reach, 0, 'no stranger gets through contact-only acceptance');
  assert.equal(c.falsePositives, c.legitimate, 'and neither does any wanted first contact');
  // Refused copies are ledger rejections with the filter's reason, counted once per copy.
  assert.equal(contactOnly.summary.rejectReasons['spam-not-a-contact'], c.detail!['spam-not-a-contact']! + c.falsePositives!);

  const consent = spamOf(await runScenario(spamScenario({ spam: { consent: {} } })));
  assert.ok(consent.reach! < open.reach! / 2, `consent reach ${consent.reach}`);
  assert.ok(consent.falsePositives! < c.falsePositives!, 'users accept most wanted requests');
  assert.ok(consent.detail!.spamHeldInRequests! > 0, 'spam waited in request folders');

  const limited = spamOf(await runScenario(spamScenario({ spam: { rateLimit: { perMinute: 3 } } })));
  assert.ok(limited.reach! < open.reach!, `rate-limited reach ${limited.reach}`);
  assert.ok(limited.detail!['spam-rate-limited']! > 0);
  assert.equal(limited.falsePositives, 0, 'people do not start that many conversations');

  const reputation = spamOf(await runScenario(spamScenario({ spam: { reputation: { reportProbability: 1, threshold: 2 } } })));
  assert.ok(reputation.reach! < open.reach!, `reputation reach ${reputation.reach}`);
  assert.ok(reputation.detections.length > 0, 'reported accounts were blocked');
  assert.ok(reputation.detections.every((s) => s >= 0));
  assert.ok(reputation.detail!['spam-sender-blocked']! > 0);
});

test('a spam run is deterministic, and a defense scoped to one provider only protects its clients', async () => {
  const s = spamScenario({ spam: { contactOnly: { providers: ['provB'] } } });
  const [a, b] = [await runScenario(s), await runScenario(s)];
  assert.equal(a.digest, b.digest);
  const open = spamOf(await runScenario(spamScenario({})));
  const r = spamOf(a);
  assert.ok(r.reach! > 0 && r.reach! < open.reach!, `reach ${r.reach} with provB's clients protected only`);
});

test('a spammer or spam defense naming an unknown provider is a one-line error naming the field', () => {
  const bad = (over: object) => {
    try {
      validateScenario({ name: 'x', providers: [{ id: 'provA', users: 2 }], ...over });
    } catch (e) {
      assert.ok(e instanceof ScenarioError);
      return e.message;
    }
    assert.fail('expected a ScenarioError');
  };
  assert.match(bad({ attackers: [{ kind: 'spammer', providers: ['provZ'] }] }), /attackers\[0\]\.providers\[0\]: "provZ" names no provider/);
  assert.match(bad({ defenses: { spam: { consent: { providers: ['nope'] } } } }), /defenses\.spam\.consent\.providers\[0\]: "nope" names no provider/);
  assert.match(bad({ defenses: { spam: { rateLimit: { perMinute: 0 } } } }), /defenses\.spam\.rateLimit\.perMinute/);
});
