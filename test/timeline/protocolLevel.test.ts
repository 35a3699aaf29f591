// The protocol level through the sweep engine, kept small: one tiny world (a provider's own Signal
// chats, 4 users, 10 s) under one seed, in an embedded PostgreSQL. Its figures come from the run
// (digest recorded); asking again finds the cell done in the database and returns the same run.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { worldFor } from '../../sim/timeline/phaseWorlds.ts';
import { runProtocolLevel } from '../../sim/timeline/protocolLevel.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-timeline-proto-'));
chmodSync(dir, 0o755); // as root, the embedded server runs as `postgres` and must be able to enter it
after(() => rmSync(dir, { recursive: true, force: true }));

test('a world runs as a sweep cell, its figures trace to the run, and a second ask is served from the database', async () => {
  const w = worldFor({ kind: 'native', protocol: 'signal' });
  const tiny = { ...w, scenario: { ...w.scenario, durationSeconds: 10, drainSeconds: 5, providers: [{ id: 'own', users: 4 }], workload: { oneToOne: 2, groups: { count: 0, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 6, crossProviderShare: 0 } } };
  const [m] = await runProtocolLevel([tiny], { outDir: dir, seeds: 1, workers: 1 });
  assert.ok(m);
  assert.equal(m.carrier, 'native/signal');
  assert.equal(m.runs.length, 1);
  assert.match(m.runs[0]!.digest, /^[0-9a-f]{64}$/);
  assert.equal(m.metrics.e2eePreservedPct?.mean, m.runs[0]!.metrics.e2eePreservedPct);
  assert.equal(m.metrics.e2eePreservedPct?.mean, 100, 'a provider\'s own Signal chats are end-to-end encrypted');
  assert.equal(m.metrics.featureFidelity?.mean, m.runs[0]!.metrics.featureFidelity, 'the content layer runs under Signal too: fidelity measured by the run');
  assert.ok(m.metrics.featureFidelity!.mean > 0 && m.metrics.featureFidelity!.mean <= 1);
  const sweepDir = join(dir, 'worlds', `native-signal-${m.worldHash}`);
  assert.ok(existsSync(join(sweepDir, 'scenario.json')) && existsSync(join(sweepDir, 'results.json')));
  const again = await runProtocolLevel([tiny], { outDir: dir, seeds: 1, workers: 1 });
  assert.deepEqual(again[0]!.runs, m.runs);
  assert.equal(JSON.parse(readFileSync(join(sweepDir, 'results.json'), 'utf8')).cells.length, 1);
});

test('a cross-app carrier is a heterogeneous world: the gatekeeper on Signal, the third party on MLS behind the re-encrypting bridge', () => {
  const w = worldFor({ kind: 'cross', arrangement: 'bridge-reencrypt', protocol: 'signal' });
  const providers = w.scenario.providers as { id: string; protocol: string }[];
  assert.deepEqual(providers.map((p) => [p.id, p.protocol]), [['gatekeeper', 'signal'], ['other', 'mls']]);
  assert.deepEqual((w.scenario.arrangements as { pairs: unknown[] }).pairs, [{ between: ['gatekeeper', 'other'], kind: 'bridge-reencrypt' }]);
  const fed = worldFor({ kind: 'cross', arrangement: 'federated-mls', protocol: 'signal' });
  assert.deepEqual((fed.scenario.providers as { protocol: string }[]).map((p) => p.protocol), ['signal', 'signal'], 'federating needs one protocol on both sides');
});
