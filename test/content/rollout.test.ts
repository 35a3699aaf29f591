import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { adoptedShare, capabilitiesAt, forced, hasUpgraded, linear, logistic, rolloutCurve, type RolloutCurve } from '../../sim/content/index.ts';
import { EARLY_ADOPTER, FULL, LEGACY } from './helpers.ts';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);

test('forced: a step at the deadline, or a fast logistic from 1% to 99% over the ramp', () => {
  const step = forced(100);
  assert.equal(adoptedShare(step, 99.999), 0);
  assert.equal(adoptedShare(step, 100), 1);
  assert.equal(hasUpgraded(step, 0.999999, 100), true);
  assert.equal(hasUpgraded(step, 0, 99), false);
  const ramp = forced(0, 3600);
  assert.equal(adoptedShare(ramp, -1), 0);
  close(adoptedShare(ramp, 0), 0.01);
  close(adoptedShare(ramp, 1800), 0.5);
  close(adoptedShare(ramp, 3599.999999), 0.99, 1e-6);
  assert.equal(adoptedShare(ramp, 3600), 1);
});

test('logistic: half at the midpoint, the ceiling caps who ever upgrades', () => {
  close(adoptedShare(logistic(86_400, 1e-4), 86_400), 0.5);
  close(adoptedShare(logistic(100, 0.1), 100 + Math.log(3) / 0.1), 0.75);
  close(adoptedShare(logistic(100, 0.1, 0.8), 100), 0.4);
  assert.ok(adoptedShare(logistic(100, 0.1, 0.8), 1e9) <= 0.8);
  assert.equal(adoptedShare(logistic(0, 1), -1e6), 0);
});

test('linear: nothing before start, the ceiling from end', () => {
  const c = linear(0, 100);
  assert.deepEqual([-5, 0, 25, 100, 500].map((t) => adoptedShare(c, t)), [0, 0, 0.25, 1, 1]);
  assert.equal(adoptedShare(linear(0, 100, 0.5), 25), 0.125);
  assert.equal(adoptedShare(linear(50, 50), 50), 1);
});

test('a population of evenly spread draws follows the curve', () => {
  const curve = logistic(1000, 0.01);
  const draws = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
  for (const t of [0, 800, 1000, 1300, 3000]) {
    const upgraded = draws.filter((u) => hasUpgraded(curve, u, t)).length / draws.length;
    assert.ok(Math.abs(upgraded - adoptedShare(curve, t)) <= 1 / 1000, `t=${t}`);
  }
});

const curve: fc.Arbitrary<RolloutCurve> = fc.oneof(
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 })).map(([at, ramp]) => forced(at, ramp)),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: 1e-4, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })).map(([m, k, c]) => logistic(m, k, c)),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0.01, max: 1, noNaN: true })).map(([s, d, c]) => linear(s, s + d, c)),
);

test('property: once upgraded, a client stays upgraded; shares stay in [0, 1]', () => {
  fc.assert(
    fc.property(curve, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (c, u, t, dt) => {
      const a = adoptedShare(c, t);
      const b = adoptedShare(c, t + dt);
      assert.ok(a >= 0 && b <= 1 && a <= b, `${a} then ${b}`);
      if (hasUpgraded(c, u, t)) assert.ok(hasUpgraded(c, u, t + dt));
    }),
  );
});

test('staged upgrades: a client has the capabilities of the last stage it adopted', () => {
  const stages = [
    { curve: linear(0, 100), capabilities: FULL },
    { curve: linear(100, 200), capabilities: EARLY_ADOPTER },
  ];
  assert.equal(capabilitiesAt(LEGACY, stages, 0.5, 10), LEGACY);
  assert.equal(capabilitiesAt(LEGACY, stages, 0.5, 60), FULL);
  assert.equal(capabilitiesAt(LEGACY, stages, 0.5, 160), EARLY_ADOPTER);
  assert.equal(capabilitiesAt(LEGACY, stages, 0.9, 160), FULL);
});

test('bad curves and draws are one line naming the field', () => {
  const cases: [() => unknown, string, string][] = [
    [() => hasUpgraded(forced(0), 1, 5), 'RangeError', 'u: expected a uniform draw in [0, 1), got 1'],
    [() => hasUpgraded(forced(0), -0.1, 5), 'RangeError', 'u: expected a uniform draw in [0, 1), got -0.1'],
    [() => adoptedShare(forced(0), Number.NaN), 'RangeError', 't: expected a finite number, got NaN'],
    [() => logistic(0, 0), 'RangeError', 'curve.steepness: expected > 0 (per second), got 0'],
    [() => logistic(0, 1, 1.5), 'RangeError', 'curve.ceiling: expected a share in (0, 1], got 1.5'],
    [() => linear(10, 5), 'RangeError', 'curve.end: expected >= start (10), got 5'],
    [() => forced(0, -1), 'RangeError', 'curve.rampSeconds: expected >= 0, got -1'],
    [() => rolloutCurve({ kind: 'viral' }), 'RangeError', "curve.kind: expected 'forced', 'logistic' or 'linear', got \"viral\""],
    [() => rolloutCurve({ kind: 'linear', start: '0', end: 1 }), 'TypeError', 'curve.start: expected a number, got "0"'],
  ];
  for (const [f, name, message] of cases) assert.throws(f, { name, message });
});
