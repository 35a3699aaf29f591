import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { smallScenario } from './smallScenario.ts';

test('every application message is decrypted for real by every recipient; group state always agrees', async () => {
  const r = await runScenario(smallScenario());
  assert.ok(r.summary.messages > 20, `only ${r.summary.messages} messages`);
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.mls.groupStateMismatches, 0);
  assert.ok(r.mls.groupStateChecks > 10);
  assert.ok(r.mls.commitsAccepted >= 3 + r.workload.updatesRequested / 2, 'creates, churn and updates were committed');
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
  assert.ok(r.summary.deliveryRatio > 0.95, `delivery ${r.summary.deliveryRatio}`);
  for (const kind of ['application', 'commit', 'welcome', 'key-package']) assert.ok((r.mls.meanBytes[kind] ?? 0) > 0, `no ${kind} bytes`);
});

test('same seed gives the same digest (MLS ciphertexts included); another seed another', async () => {
  const s = smallScenario();
  const [a, b, c] = [await runScenario(s), await runScenario(s), await runScenario(s, { seed: '8' })];
  assert.equal(a.digest, b.digest);
  assert.notEqual(a.digest, c.digest);
  assert.equal(a.traceRecords, b.traceRecords);
});

test('offline devices catch up: what was stored for them is delivered after they return', async () => {
  const r = await runScenario(
    smallScenario({
      providers: [
        { id: 'provA', users: 4, intermittentShare: 1 },
        { id: 'provB', users: 3, intermittentShare: 1 },
      ],
      presence: { meanOnlineSeconds: 4, meanOfflineSeconds: 4 },
    }),
  );
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.mls.groupStateMismatches, 0);
  assert.ok(r.summary.latencyMs.p99 > 1000, 'some messages waited for an offline device');
  assert.ok(r.summary.deliveryRatio > 0.9, `delivery ${r.summary.deliveryRatio}`);
});

test('lossy links: retransmission keeps groups consistent and losses are accounted', async () => {
  const base = smallScenario();
  const r = await runScenario({ ...base, network: { ...base.network, access: { ...base.network.access, loss: 0.05 } } });
  assert.ok(r.summary.wireDrops > 0);
  assert.equal(r.mls.groupStateMismatches, 0);
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
});

test('ciphersuites per client, chosen per group: X-Wing (83) and ChaCha (3) groups run beside suite 1', async () => {
  const r = await runScenario(
    smallScenario({
      providers: [
        { id: 'provA', users: 4, ciphersuites: [83, 1] },
        { id: 'provB', users: 4, ciphersuites: [3, 1, 83] },
        { id: 'provC', users: 2, ciphersuites: [1] },
      ],
    }),
  );
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.mls.groupStateMismatches, 0);
  assert.ok(r.summary.delivered > 0);
  // X-Wing KeyPackages carry a 1216-byte public key per init and leaf key: far larger than X25519's.
  assert.ok((r.mls.meanBytes['key-package'] ?? 0) > 1000, `key packages ${r.mls.meanBytes['key-package']} B`);
});

test('a modelled CPU cost delays sends and deliveries in virtual time, deterministically', async () => {
  const free = await runScenario(smallScenario());
  const base = smallScenario();
  const costly = { ...base, mls: { ...base.mls, cpuModel: { perOperationMicros: 20_000, perMemberMicros: 1_000 } } };
  const [a, b] = [await runScenario(costly), await runScenario(costly)];
  assert.equal(a.digest, b.digest);
  assert.ok(a.summary.latencyMs.p50 > free.summary.latencyMs.p50 + 30, `${a.summary.latencyMs.p50} vs ${free.summary.latencyMs.p50}`);
});

test('native and stock crypto providers give byte-identical runs (same digest)', async () => {
  const base = smallScenario();
  const native = await runScenario({ ...base, mls: { ...base.mls, crypto: 'native' } });
  const stock = await runScenario({ ...base, mls: { ...base.mls, crypto: 'stock' } });
  assert.equal(stock.digest, native.digest);
});
