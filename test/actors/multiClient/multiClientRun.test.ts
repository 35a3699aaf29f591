import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario, type RunResult } from '../../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../../sim/trace/index.ts';
import { CLIENT_VENDOR } from '../../../sim/actors/multiClient/vendorReach.ts';
import type { ScenarioInput } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';

// Real runs under client-api: provA (where the conversations live) changes its API at 4 s; the vendor's fix takes 6 s (constant).
const BREAK = { from: 4e6, to: 10e6 };
const scenario = (clientApi: ScenarioInput['clientApi'], over: Partial<ScenarioInput> = {}) =>
  smallScenario({ architecture: 'client-api', clientApi: { services: [{ provider: 'provA', breaksAtSeconds: [4] }], updateDelay: { kind: 'constant', seconds: 6 }, ...clientApi }, ...over });

async function run(s: ReturnType<typeof smallScenario>, seed?: string) {
  const records: TraceRecord[] = [];
  let vendorHeld: readonly Uint8Array[] = [];
  let exposuresOf: (() => readonly Uint8Array[]) | undefined;
  const r = await runScenario(s, {
    ...(seed !== undefined && { seed }),
    onWorldReady: ({ world, exposures }) => {
      world.trace.subscribe((rec) => void records.push(rec));
      exposuresOf = () => exposures.plaintextsHeldBy(CLIENT_VENDOR);
    },
  });
  vendorHeld = exposuresOf!();
  return { r, records, vendorHeld };
}

const atProvA = (device: string) => device.startsWith('provA/');
const inBreak = (t: number) => t >= BREAK.from && t < BREAK.to;
const conserved = (r: RunResult) => {
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected, 'every copy has one outcome');
  assert.equal(r.summary.skipped, r.workload.sendsSkipped, 'the workload counts the sends a break lost');
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.mls.groupStateMismatches, 0);
};

test('queue while broken: provA\'s stack neither sends nor receives during the break; its sends wait and are delivered late, none lost', async () => {
  const { r, records } = await run(scenario({ whileBroken: 'queue' }));
  conserved(r);
  const mc = r.multiClient!;
  const b = mc.services.find((s) => s.service === 'provA')!;
  assert.deepEqual(b.breaks, { apiChange: 0, deliberate: 1 });
  assert.equal(b.brokenSeconds, 6);
  assert.equal(mc.services.find((s) => s.service === 'provB')!.brokenSeconds, 0);
  for (const rec of records) {
    if (rec.type === 'send' && rec.kind === 'application') assert.ok(!(atProvA(rec.from) && inBreak(rec.t)), `a broken stack sent ${rec.msg} at ${rec.t}`);
    if (rec.type === 'deliver') assert.ok(!(atProvA(rec.to) && inBreak(rec.t)), `a broken stack received ${rec.msg} at ${rec.t}`);
  }
  assert.ok(mc.impact.sendsQueued > 0, 'sends waited in the client');
  assert.equal(mc.impact.sendsLost, 0);
  assert.equal(mc.impact.copiesLost, 0);
  assert.ok(mc.impact.copiesDelayed > 0 && mc.impact.messagesDelayed >= mc.impact.sendsQueued);
  // A queued send goes out after the update (10 s) and a resync: delayed by up to the break and more.
  assert.ok(mc.impact.delaySeconds.max > 2 && mc.impact.delaySeconds.max < 6 + 5, JSON.stringify(mc.impact.delaySeconds));
  const late = records.filter((x): x is Extract<TraceRecord, { type: 'send' }> => x.type === 'send' && x.kind === 'application' && atProvA(x.from) && x.t >= BREAK.to && x.t < BREAK.to + 3e6);
  assert.ok(late.length >= mc.impact.sendsQueued, 'the queue is sent once the client is updated');
});

test('drop while broken: sends on the broken service are lost, each a skip with the reason client-api-broken', async () => {
  const { r, records } = await run(scenario({ whileBroken: 'drop' }));
  conserved(r);
  const mc = r.multiClient!;
  const lost = r.summary.skipReasons['client-api-broken'] ?? 0;
  assert.ok(lost > 0);
  assert.equal(mc.impact.sendsLost, lost);
  assert.equal(mc.impact.sendsQueued, 0);
  const skips = records.filter((x) => x.type === 'skip' && x.reason === 'client-api-broken');
  assert.equal(skips.length, lost);
  assert.ok(skips.every((x) => inBreak(x.t) && x.type === 'skip' && x.by !== undefined && atProvA(x.by)));
});

test('a break the vendor never fixes: copies held for the broken stack are lost at the end with the reason, queued sends skipped', async () => {
  // Intermittent devices: what the server held for them while offline before the break stays there.
  const over = { providers: [{ id: 'provA', users: 4, devicesPerUser: { min: 1, max: 2 }, intermittentShare: 1 }, { id: 'provB', users: 3 }], presence: { meanOnlineSeconds: 3, meanOfflineSeconds: 3 } };
  const { r } = await run(scenario({ services: [{ provider: 'provA', breaksAtSeconds: [7] }], updateDelay: { kind: 'constant', seconds: 10_000 } }, over));
  conserved(r);
  const mc = r.multiClient!;
  assert.equal(mc.services.find((s) => s.service === 'provA')!.brokenSeconds, 40 - 7, 'broken from 7 s to the end of the drain');
  assert.ok(mc.impact.copiesLost > 0, 'copies the broken client never fetched');
  assert.ok(mc.impact.sendsLost > 0 && mc.impact.sendsLost === (r.summary.skipReasons['client-api-broken'] ?? 0));
  assert.equal(mc.impact.copiesLost, r.summary.dropReasons['client-api-broken'] ?? 0);
  assert.ok(mc.impact.messagesLost >= mc.impact.sendsLost);
});

test('the client pays per service: key material at each directory, a keepalive per connection, crypto per stack; silo has no such client', async () => {
  const [{ r: api }, { r: silo }] = [await run(scenario({})), await run(smallScenario({ architecture: 'silo' }))];
  const mc = api.multiClient!;
  assert.deepEqual(mc.services.map((s) => s.service), ['provA', 'provB']);
  for (const s of mc.services) {
    assert.ok(s.stacks > 0 && s.keyPackages >= 4 * s.stacks, `${s.service}: at least 3 KeyPackages and a last-resort one per stack`);
    assert.ok(s.keyMaterialBytes > 200 * s.keyPackages, 'real KeyPackages are hundreds of bytes');
    assert.ok(s.keepalives > 0);
    assert.equal(s.keepaliveBytes, 64 * s.keepalives);
  }
  assert.equal(mc.people, 7);
  assert.ok(mc.perUser.stacks >= api.accountsPerUser, 'a stack per account on each device');
  assert.deepEqual(Object.keys(api.wall.cryptoMsByService ?? {}), ['provA', 'provB']);
  assert.equal(mc.vendor.access, 'on-device');
  assert.equal(mc.vendor.reachShare, 1, 'every user runs the client: its vendor could read every message');
  assert.equal(mc.vendor.readMessages, 0);
  assert.equal(api.security.e2eePreservedPct, 100);
  assert.equal(silo.multiClient, undefined);
  assert.equal(silo.wall.cryptoMsByService, undefined);
  assert.equal(silo.appsPerUser, silo.accountsPerUser);
  assert.notEqual(api.digest, silo.digest, 'client-api is no longer silo with one app');
});

test('a cloud-side client: the vendor holds every plaintext, recorded as client-vendor exposures; telemetry a share', async () => {
  const { r, vendorHeld } = await run(scenario({ vendor: { access: 'cloud' } }));
  conserved(r);
  assert.equal(r.multiClient!.vendor.readMessages, r.security.messages);
  assert.equal(r.security.decryptionsByRole?.['client-vendor'], r.security.messages);
  assert.equal(r.security.e2eePreservedPct, 0);
  assert.ok(vendorHeld.length > 0 && vendorHeld.every((p) => /CANARY-m\d+-/.test(Buffer.from(p).toString('latin1'))), 'the canary plaintexts');
  const { r: t } = await run(scenario({ vendor: { access: 'telemetry', telemetryShare: 0.3 } }));
  const read = t.multiClient!.vendor.readMessages;
  assert.ok(read > 0 && read < t.security.messages, `${read} of ${t.security.messages}`);
});

test('same seed, same digest and report; another seed, another digest', async () => {
  const s = scenario({});
  const [a, b, c] = [await run(s), await run(s), await run(s, 'other')];
  assert.equal(a.r.digest, b.r.digest);
  assert.deepEqual(a.r.multiClient, b.r.multiClient);
  assert.notEqual(a.r.digest, c.r.digest);
});

test('under the Signal protocol too: the broken stack queues, and every message is accounted for', async () => {
  const { r, records } = await run(scenario({ whileBroken: 'queue' }, { protocol: 'signal' }));
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
  assert.equal(r.mls.decryptMismatches, 0);
  assert.ok(r.multiClient!.impact.sendsQueued > 0);
  for (const rec of records) if (rec.type === 'deliver') assert.ok(!(atProvA(rec.to) && inBreak(rec.t)));
});
