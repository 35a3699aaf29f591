import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams, at, seconds, type Duration } from '../../../sim/core/index.ts';
import { detectionDelay, epochSchedule, meanDetectionDelay } from '../../../sim/identity/kt/index.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { validateScenario, type ScenarioInput } from '../../../scenarios/index.ts';

const EPOCH = 48;
const GENESIS = 0.25;
const SEEDS = 4;

/**
 * One run: provA's directory logs substitutes for its six users at `fromSeconds`; each owner's device
 * checks the log every `interval` seconds. Returns the measured detection delays and the model's
 * prediction for the same devices (each monitor's phase re-drawn from its named stream).
 */
async function run(interval: number, seed: number) {
  // Substitutions spread evenly over an epoch across seeds, so the head wait averages period/2.
  const fromSeconds = 60 + (EPOCH * (seed + 0.5)) / SEEDS;
  const s = validateScenario({
    name: 'kt-detection',
    seed,
    durationSeconds: fromSeconds + EPOCH + interval + 5,
    drainSeconds: 0,
    providers: [
      { id: 'provA', users: 6 },
      { id: 'provB', users: 2 },
    ],
    workload: { oneToOne: 1, groups: { count: 0, size: { kind: 'fixed', n: 2 } }, messagesPerMemberPerMinute: 0.5, churn: { addsPerGroupPerHour: 0, removesPerGroupPerHour: 0 }, updatePeriodSeconds: 0 },
    attackers: [{ kind: 'key-substituting-directory', at: 'provA', fromSeconds, logSubstitutes: true }],
    defenses: { keyTransparency: { epochSeconds: EPOCH, genesisSeconds: GENESIS, monitorIntervalSeconds: interval } },
  } as ScenarioInput);
  let targets: string[] = [];
  const r = await runScenario(s, { onWorldReady: (ctx) => (targets = [...ctx.devices.keys()].filter((d) => d.startsWith('provA/'))) });
  const measured = r.attacks[0]!.detections;
  const streams = new RandomStreams(String(seed));
  const schedule = epochSchedule(seconds(EPOCH), at(GENESIS * 1e6));
  const predicted = targets.map((d) => {
    const phase = Math.floor(streams.stream(`defenses/kt/monitor/${d}`).uniform(0, 1) * seconds(interval)) as Duration;
    return detectionDelay({ appendedAt: at(fromSeconds * 1e6), schedule, monitorInterval: seconds(interval), monitorPhase: phase }) / 1e6;
  });
  return { measured, predicted };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

test('key transparency: detection time of a logged substitution grows with the monitoring interval, as the model predicts', async () => {
  const means: number[] = [];
  for (const interval of [10, 60, 300]) {
    const measured: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const r = await run(interval, seed);
      assert.equal(r.measured.length, r.predicted.length, `interval ${interval} s, seed ${seed}: every target detected`);
      // Sample by sample, the run detects exactly when the model says (heads first, then the check).
      const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
      sorted(r.measured).forEach((m, i) => assert.ok(Math.abs(m - sorted(r.predicted)[i]!) < 1e-6, `interval ${interval}: measured ${m} s vs model ${sorted(r.predicted)[i]} s`));
      measured.push(...r.measured);
    }
    // The analytic mean (period/2 + interval/2), within three standard errors of this sample.
    const expected = meanDetectionDelay(seconds(EPOCH), seconds(interval)) / 1e6;
    const tolerance = (3 * sd(measured)) / Math.sqrt(measured.length);
    assert.ok(Math.abs(mean(measured) - expected) <= tolerance, `interval ${interval} s: mean ${mean(measured).toFixed(1)} s, model ${expected} s ± ${tolerance.toFixed(1)} s`);
    means.push(mean(measured));
  }
  assert.ok(means[0]! < means[1]! && means[1]! < means[2]!, `mean detection time increases with the interval: ${means.map((m) => m.toFixed(1)).join(' < ')} s`);
});
