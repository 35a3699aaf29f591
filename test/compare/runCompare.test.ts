import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimate } from '../../sim/compare/confidence.ts';
import { replicationSeeds, runCompare } from '../../sim/compare/runCompare.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { smallScenario } from '../runner/smallScenario.ts';

test('confidence intervals: Student t half-width; one value has none', () => {
  const e = estimate([10, 12, 14]);
  assert.equal(e.mean, 12);
  assert.ok(Math.abs(e.ci95 - (4.303 * 2) / Math.sqrt(3)) < 1e-9);
  assert.equal(estimate([5]).ci95, 0);
  assert.deepEqual(replicationSeeds('7', 3), ['7', '8', '9']);
  assert.deepEqual(replicationSeeds('abc', 2), ['abc', 'abc-1']);
});

test('compare runs every architecture and seed on worker threads; each cell is a measured run', async () => {
  const s = smallScenario();
  const done: string[] = [];
  const { result, runs } = await runCompare(s, {
    architectures: ['federated-mls', 'bridge-reencrypt'],
    seeds: 2,
    workers: 2,
    onRunDone: (_n, _t, r) => done.push(`${r.architecture}/${r.seed}`),
  });
  assert.equal(runs.length, 4);
  assert.deepEqual(done.sort(), ['bridge-reencrypt/7', 'bridge-reencrypt/8', 'federated-mls/7', 'federated-mls/8']);
  assert.deepEqual(result.seeds, ['7', '8']);
  const fed = result.rows.find((r) => r.architecture === 'federated-mls')!;
  const bridge = result.rows.find((r) => r.architecture === 'bridge-reencrypt')!;
  assert.equal(fed.metrics.e2eePreservedPct.mean, 100);
  assert.ok(bridge.metrics.e2eePreservedPct.mean < 100);
  assert.ok(bridge.metrics.forgeryCapablePerMessage.mean > 0);
  assert.ok(fed.metrics.latencyP50Ms.values.every((v) => v > 0));
  // A worker's run is the same run as in this thread: same digest.
  const local = await runScenario(s, { architecture: 'federated-mls', seed: '7' });
  assert.equal(fed.digests[0], local.digest);
});
