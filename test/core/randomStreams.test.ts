import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams } from '../../sim/core/randomStreams.ts';

const draws = (streams: RandomStreams, name: string, n = 20) => Array.from({ length: n }, () => streams.stream(name).next());

test('same master seed and name give the same draws', () => {
  assert.deepEqual(draws(new RandomStreams('42'), 'net/link/a-b'), draws(new RandomStreams('42'), 'net/link/a-b'));
});

test('another master seed gives other draws', () => {
  assert.notDeepEqual(draws(new RandomStreams('42'), 'x'), draws(new RandomStreams('43'), 'x'));
});

test('adding a component leaves every other stream unchanged', () => {
  const plain = new RandomStreams('7');
  const a1 = draws(plain, 'net/link/provA-provB');
  const b1 = draws(plain, 'workload');

  const perturbed = new RandomStreams('7');
  draws(perturbed, 'net/link/provA-provNEW', 50); // a new component, created first and drawn from
  const b2 = draws(perturbed, 'workload');
  draws(perturbed, 'actors/new-attacker', 50);
  const a2 = draws(perturbed, 'net/link/provA-provB');
  assert.deepEqual(a2, a1);
  assert.deepEqual(b2, b1);
});

test('distributions: int bounds, chance rate, exponential mean, normal moments', () => {
  const s = new RandomStreams('dist').stream('d');
  for (let i = 0; i < 1000; i++) {
    const v = s.int(3, 7);
    assert.ok(v >= 3 && v <= 7 && Number.isInteger(v));
  }
  const n = 20_000;
  let hits = 0, expSum = 0, nSum = 0, nSq = 0;
  for (let i = 0; i < n; i++) {
    if (s.chance(0.3)) hits++;
    expSum += s.exponential(4);
    const z = s.normal(10, 2);
    nSum += z;
    nSq += z * z;
  }
  assert.ok(Math.abs(hits / n - 0.3) < 0.02);
  assert.ok(Math.abs(expSum / n - 0.25) < 0.01);
  const mean = nSum / n;
  assert.ok(Math.abs(mean - 10) < 0.06);
  assert.ok(Math.abs(Math.sqrt(nSq / n - mean * mean) - 2) < 0.06);
});

test('bytes are deterministic and of the asked length', () => {
  const a = new RandomStreams('b').stream('k').bytes(37);
  const b = new RandomStreams('b').stream('k').bytes(37);
  assert.equal(a.length, 37);
  assert.deepEqual(a, b);
  assert.ok(a.some((x) => x !== 0));
});
