import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPARE_METRICS, MULTI_CLIENT_METRICS } from '../../sim/compare/compareResult.ts';
import { compareCsv, formatCompare } from '../../sim/compare/formatCompare.ts';
import { runCompare } from '../../sim/compare/runCompare.ts';
import { smallScenario } from '../runner/smallScenario.ts';

// client-api and silo hold the same accounts; the multi-protocol client is what sets them apart.
test('compare: client-api rows differ from silo in what the multi-protocol client costs and loses; silo shows none', async () => {
  const s = smallScenario({ clientApi: { services: [{ provider: 'provA', breaksAtSeconds: [4] }], updateDelay: { kind: 'constant', seconds: 6 }, whileBroken: 'drop' } });
  const { result } = await runCompare(s, { architectures: ['silo', 'client-api'], seeds: 1, workers: 2 });
  const silo = result.rows.find((r) => r.architecture === 'silo')!;
  const api = result.rows.find((r) => r.architecture === 'client-api')!;
  assert.equal(silo.metrics.accountsPerUser.mean, api.metrics.accountsPerUser.mean, 'the same accounts');
  for (const m of MULTI_CLIENT_METRICS) assert.ok(Number.isNaN(silo.metrics[m]!.mean), `silo has no multi-protocol client: ${m}`);
  assert.ok(api.metrics.mpcKeepaliveBytesPerUserHour!.mean > 0);
  assert.ok(api.metrics.mpcKeyBytesPerUser!.mean > 0);
  assert.ok(api.metrics.apiBrokenPct!.mean > 0);
  assert.ok(api.metrics.apiLostPct!.mean > 0, 'drop while broken loses sends');
  assert.equal(api.metrics.vendorReachPct!.mean, 100);
  assert.equal(api.metrics.vendorReadPct!.mean, 0);
  assert.ok(api.metrics.skippedPct.mean > silo.metrics.skippedPct.mean, 'the lost sends show in the existing skipped column too');
  const table = formatCompare(result);
  assert.match(table, /^multi-protocol client \(what it costs and loses; - where there is none\):$/m);
  assert.match(table, /^silo +- +- +- +- +- +- +- +- +- +-$/m);
  const csvHead = compareCsv(result).split('\n')[0]!;
  assert.ok(csvHead.includes('apiLostPct_ci95'));
});

test('compare without client-api keeps its columns and JSON as they were', async () => {
  const { result } = await runCompare(smallScenario({ durationSeconds: 6, drainSeconds: 4 }), { architectures: ['silo'], seeds: 1, workers: 1 });
  assert.deepEqual(Object.keys(result.rows[0]!.metrics), [...COMPARE_METRICS]);
  assert.doesNotMatch(formatCompare(result), /multi-protocol client/);
  assert.doesNotMatch(compareCsv(result), /mpc|apiLost/);
});
