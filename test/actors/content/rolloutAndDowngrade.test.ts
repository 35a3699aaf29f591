import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario, validateScenario } from '../../../scenarios/index.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';

test('post-quantum share of groups and messages rises as clients upgrade (pq-rollout preset, shortened)', async () => {
  const s = loadScenario('pq-rollout');
  const outDir = mkdtempSync(join(tmpdir(), 'pq-rollout-'));
  const r = await runScenario({ ...s, durationSeconds: 80 }, { outDir });
  const c = r.content!;
  // Each migration is a real ReInit (RFC 9420 §11.2): a ReInit commit in the old group, then the new
  // group's Welcome with a resumption PSK, which every member joins with its suspended old state.
  const mls = readFileSync(join(outDir, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; op?: string; outcome?: string });
  const ops = (op: string) => mls.filter((t) => t.type === 'mls' && t.op === op);
  assert.ok(ops('commit-reinit').length >= c.migrations, 'a ReInit commit per migration');
  assert.equal(ops('commit-reinit-welcome').length, c.migrations, 'the new group of each migration comes from reinitWelcome');
  assert.deepEqual(ops('join-welcome').map((t) => t.outcome), [], 'no Welcome failed (a reinit Welcome needs the old state)');
  const series = c.timeSeries;
  assert.equal(series[0]!.pqGroups, 0, 'everyone starts classical');
  assert.equal(series[0]!.pqMessages, 0);
  const last = series[series.length - 1]!;
  assert.ok(last.pqGroups > 0, 'groups moved to X-Wing once all their members upgraded');
  assert.ok(c.migrations > 0 && c.upgrades > 0);
  const share = (b: (typeof series)[number]) => b.pqGroups / b.groups;
  for (let i = 1; i < series.length; i++) assert.ok(share(series[i]!) >= share(series[i - 1]!), 'the share never falls back');
  assert.ok(series.some((b) => b.pqMessages > 0));
  assert.equal(r.mls.groupStateMismatches, 0);
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
});

function downgradeScenario(authenticated: boolean, strip: 'post-quantum' | 'mls' = 'post-quantum') {
  return validateScenario({
    name: 'downgrade',
    seed: 5,
    durationSeconds: 15,
    drainSeconds: 8,
    providers: [
      { id: 'pa', users: 2, ciphersuites: [83, 1] },
      { id: 'pb', users: 2, ciphersuites: [83, 1] },
    ],
    workload: { oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 6, crossProviderShare: 1 },
    content: { migrateToPostQuantum: false, authenticatedCapabilities: authenticated, clients: { pa: { fallback: 'cleartext' }, pb: { fallback: 'cleartext' } } },
    attackers: [{ kind: 'downgrade', provider: 'pb', strip }],
  });
}

test('downgrade attack on capability discovery: without authenticated capabilities groups really end classical', async () => {
  const r = await runScenario(downgradeScenario(false));
  const a = r.attacks.find((x) => x.kind === 'downgrade')!;
  assert.ok(a.attempts > 0);
  assert.ok(a.successes > 0, 'some group ended on suite 1 though every member supports X-Wing');
  assert.equal(r.content!.capabilityRejections, 0);
});

test('downgrade attack with authenticated capabilities: the stripped KeyPackages fail their signature and are rejected; no group is downgraded', async () => {
  const r = await runScenario(downgradeScenario(true));
  const a = r.attacks.find((x) => x.kind === 'downgrade')!;
  assert.ok(a.attempts > 0);
  assert.equal(a.successes, 0);
  assert.ok(r.content!.capabilityRejections > 0);
  assert.ok(r.content!.pqGroupsCreated > 0);
});

test('hiding MLS support altogether pushes traffic into clear (the withholding limit of authentication)', async () => {
  const r = await runScenario(downgradeScenario(true, 'mls'));
  const a = r.attacks.find((x) => x.kind === 'downgrade')!;
  assert.ok(a.successes > 0, 'copies really went in clear to devices that speak MLS');
  assert.ok(r.security.exposedParties.includes('pb'));
});
