import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds, type Duration, type SimTime } from '../../../sim/core/index.ts';
import { detectionDelay, detectionTime, epochSchedule, inclusionTime, meanDetectionDelay, nextCheckAt, type DetectionScenario } from '../../../sim/identity/kt/index.ts';
import { schedule, sec } from './fixtures.ts';

const scenario = (appendedAt: SimTime, interval: Duration, phase: Duration, s = schedule): DetectionScenario => ({ appendedAt, schedule: s, monitorInterval: interval, monitorPhase: phase });

test('detection is the first monitor check at or after the head that logs the substitute', () => {
  // Appended at 60 s, inside epoch 1 [48, 96): the head at 96 s is the first to carry it.
  assert.equal(inclusionTime(schedule, sec(60)), sec(96));
  assert.equal(inclusionTime(schedule, sec(48)), sec(96)); // the head at 48 s was already out
  assert.equal(inclusionTime(schedule, sec(47.999999)), sec(48));
  // Checks every 10 s from 3 s: ..., 93, 103.
  assert.equal(detectionTime(scenario(sec(60), seconds(10), seconds(3))), sec(103));
  assert.equal(detectionDelay(scenario(sec(60), seconds(10), seconds(3))), seconds(43));
  // A check at the very instant the head appears sees it.
  assert.equal(detectionTime(scenario(sec(60), seconds(10), seconds(6))), sec(96));
  assert.equal(nextCheckAt(seconds(10), seconds(3), sec(0)), sec(3));
  // With an origin, epochs are counted from it.
  assert.equal(detectionTime(scenario(sec(60), seconds(300), seconds(0), epochSchedule(seconds(48), sec(20)))), sec(300));
  assert.throws(() => nextCheckAt(seconds(10), seconds(10), sec(0)), { name: 'RangeError', message: 'monitorPhase: expected an integer in [0, 10000000), got 10000000' });
  assert.throws(() => nextCheckAt(seconds(0), seconds(0), sec(0)), { name: 'RangeError', message: 'monitorInterval: expected a positive integer duration, got 0' });
});

/**
 * The mean delay over append times spread evenly through ten epochs (N per epoch, at the midpoints of
 * N equal slots) and monitor phases spread evenly over the interval (M midpoints): a deterministic
 * stand-in for "uniform", no random draws.
 */
function meanDelay(period: Duration, interval: Duration, N = 96, M = 500): { mean: number; max: number } {
  const s = epochSchedule(period);
  let total = 0;
  let count = 0;
  let max = 0;
  for (let e = 0; e < 10; e++) {
    for (let i = 0; i < N; i++) {
      const appendedAt = (e * period + ((2 * i + 1) * period) / (2 * N)) as SimTime;
      for (let j = 0; j < M; j++) {
        const phase = Math.floor(((2 * j + 1) * interval) / (2 * M)) as Duration;
        const d = detectionDelay(scenario(appendedAt, interval, phase, s));
        total += d;
        max = Math.max(max, d);
        count++;
      }
    }
  }
  return { mean: total / count, max };
}

test('mean detection delay is epoch/2 + interval/2 (epoch 48 s; intervals 10 s, 60 s, 300 s) and grows with the interval', () => {
  const period = seconds(48);
  const means: number[] = [];
  for (const interval of [seconds(10), seconds(60), seconds(300)]) {
    const { mean, max } = meanDelay(period, interval);
    const expected = meanDetectionDelay(period, interval);
    assert.equal(expected, (period + interval) / 2);
    // Midpoint grids: in general the error is below half a phase step (interval / 1000); here it is
    // zero, since every phase step (20, 120, 600 ms) divides 48 s and each epoch end sees the same waits.
    assert.ok(Math.abs(mean - expected) <= interval / 1000, `interval ${interval / 1e6} s: mean ${mean / 1e6} s, expected ${expected / 1e6} s`);
    assert.equal(mean, expected);
    // Never more than one epoch plus one interval.
    assert.ok(max <= period + interval);
    means.push(mean);
  }
  // Detection time scales with the monitoring interval: +interval/2 per unit of interval.
  assert.ok(means[0]! < means[1]! && means[1]! < means[2]!);
  assert.deepEqual(means, [seconds(29), seconds(54), seconds(174)]);
});

test('for any one substitution, a longer monitoring interval never detects sooner when checks nest', () => {
  // Checks every 300 s from phase 0 are a subset of the checks every 60 s and every 10 s from 0.
  for (let a = 0; a < 1_000; a += 7) {
    const t = (i: number) => detectionTime(scenario(sec(a), seconds(i), seconds(0)));
    assert.ok(t(10) <= t(60) && t(60) <= t(300), `appended at ${a} s`);
  }
});
