import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimate } from '../../sim/compare/confidence.ts';
import { formatBelowPromise, formatPerPairCompare } from '../../sim/compare/formatPerPairCompare.ts';
import { perPairEstimates } from '../../sim/compare/perPairEstimates.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { smallScenario } from '../runner/smallScenario.ts';

test('per-pair estimates over seeds: each pair measure is the seeds\' mean with its Student t interval; tables print them', async () => {
  const runs = [await runScenario(smallScenario(), { architecture: 'bridge-reencrypt', seed: '7' }), await runScenario(smallScenario(), { architecture: 'bridge-reencrypt', seed: '8' })];
  const est = perPairEstimates(runs.map((r) => r.perPair))!;
  assert.equal(est.uniform, true);
  const ab = est.pairs.find((p) => p.from === 'provA' && p.to === 'provB')!;
  assert.equal(ab.arrangement, 'bridge-reencrypt');
  const copies = runs.map((r) => r.perPair!.pairs.find((p) => p.from === 'provA' && p.to === 'provB')!.copies);
  assert.deepEqual(ab.metrics.copies, estimate(copies));
  assert.ok(ab.metrics.copies.mean > 10);
  const below = est.belowPromise.find((b) => b.provider === 'provA')!;
  assert.deepEqual(below.belowPromisePct.values, runs.map((r) => r.perPair!.weakestLink.providers.find((p) => p.provider === 'provA')!.belowPromisePct));
  const result = { kind: 'interop-sim/compare' as const, scenario: 'small', seeds: ['7', '8'], rows: [{ architecture: 'bridge-reencrypt', metrics: {} as never, digests: runs.map((r) => r.digest), perPair: est }] };
  const table = formatPerPairCompare(result);
  assert.match(table, /bridge-reencrypt: per provider pair \(rows send, columns receive; mean ± 95% CI\)/);
  assert.match(table, new RegExp(`provA -> provB\\s+bridge-reencrypt\\s+mls\\s+${ab.metrics.copies.mean.toFixed(0)}±`));
  assert.match(formatBelowPromise(result), new RegExp(`bridge-reencrypt: provA ${below.belowPromisePct.mean.toFixed(1)}±`));
  assert.equal(perPairEstimates([undefined]), undefined, 'runs without per-pair measures give none');
});
