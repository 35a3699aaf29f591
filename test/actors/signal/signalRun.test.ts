import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { planScenario } from '../../../sim/runner/plan/planScenario.ts';
import { smallScenario } from '../../runner/smallScenario.ts';
import { validateScenario } from '../../../scenarios/index.ts';

// `protocol: signal` end to end (issue 16): every copy of every message really encrypted (PQXDH /
// Double Ratchet for 1:1, Sender Keys for groups), decrypted, and settled once in the ledger.
const signal = () => smallScenario({ protocol: 'signal', workload: { oneToOne: 2, groups: { count: 2, size: { kind: 'fixed', n: 5 } }, messagesPerMemberPerMinute: 30, crossProviderShare: 0.6, churn: { addsPerGroupPerHour: 360, removesPerGroupPerHour: 360 }, updatePeriodSeconds: 8 } });

test('a run under protocol: signal delivers every copy, decrypted for real, with zero unaccounted copies', async () => {
  const r = await runScenario(signal());
  const s = r.summary;
  assert.ok(s.messages > 20, `messages ${s.messages}`);
  assert.equal(s.delivered + s.dropped + s.rejected, s.recipientsExpected, 'every copy has exactly one outcome');
  assert.ok(s.delivered / s.recipientsExpected > 0.95, `delivery ${s.delivered}/${s.recipientsExpected}`);
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.mls.engine, 'signal-native');
  assert.equal(r.security.e2eePreservedPct, 100);
  assert.ok(r.signal !== undefined);
  // Groups of more than two users go over Sender Keys, distributed pairwise; removals and updates rotate them.
  assert.ok(r.signal.senderKeyDistributions > 0);
  assert.ok(r.signal.senderKeyRotations > 0);
  assert.ok(r.mls.commitsAccepted > 0, 'roster changes ordered by the group server');
});

test('protocol: signal is deterministic and differs from the MLS run of the same scenario', async () => {
  const a = await runScenario(signal());
  const b = await runScenario(signal());
  const m = await runScenario({ ...signal(), protocol: 'mls' });
  assert.equal(a.digest, b.digest);
  assert.notEqual(a.digest, m.digest);
});

test('the plan refuses what protocol: signal cannot run, with one line naming the field', async () => {
  const p = await planScenario({ ...signal(), defenses: { ...signal().defenses, rosterChecks: {} } } as never);
  assert.equal(p.kind, 'rejected');
  const problems = p.kind === 'rejected' ? p.problems : [];
  assert.ok(problems.some((x) => x.path === 'defenses.rosterChecks' && /signal/.test(x.message)));
  const withAttacker = { ...signal(), attackers: [{ kind: 'impersonator' }] } as never;
  const q = await planScenario(withAttacker);
  assert.equal(q.kind, 'rejected');
});

test('a ghost device added to a user\'s device list joins Signal conversations and really reads them', async () => {
  const s = { ...signal(), attackers: [{ kind: 'malicious-provider', provider: 'provA', ghosts: 2 }] } as never;
  const r = await runScenario(validateScenario(s));
  const a = r.attacks[0]!;
  assert.ok(a.exposed > 0, `exposed ${a.exposed}`);
  assert.ok(r.security.exposedParties.some((p) => /provA/.test(p)));
  const sum = r.summary;
  assert.equal(sum.delivered + sum.dropped + sum.rejected, sum.recipientsExpected);
});
