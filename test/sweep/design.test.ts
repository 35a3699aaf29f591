import assert from 'node:assert/strict';
import { test } from 'node:test';
import { designPoints, gridValues } from '../../sim/sweep/design.ts';
import { parseFieldPath, setField } from '../../sim/sweep/fieldPath.ts';

test('field paths: dotted names and list indices; anything else is not a path', () => {
  assert.deepEqual(parseFieldPath('network.access.loss'), ['network', 'access', 'loss']);
  assert.deepEqual(parseFieldPath('providers[1].users'), ['providers', 1, 'users']);
  for (const bad of ['', '.a', 'a.', 'a..b', '[0]', 'a[x]', 'a b', 'a[0']) assert.equal(parseFieldPath(bad), undefined, bad);
});

test('setField copies along the path and leaves the input unchanged; a missing index is a problem', () => {
  const base = { providers: [{ id: 'a', users: 3 }], network: {} };
  const r = setField(base, ['providers', 0, 'users'], 9);
  assert.ok(r.ok);
  assert.deepEqual(r.data, { providers: [{ id: 'a', users: 9 }], network: {} });
  assert.equal(base.providers[0]!.users, 3);
  assert.deepEqual(setField(base, ['network', 'access', 'loss'], 0.1), { ok: true, data: { providers: base.providers, network: { access: { loss: 0.1 } } } });
  const past = setField(base, ['providers', 3, 'users'], 1);
  assert.equal(past.ok, false);
});

test('grid: every combination, first parameter slowest; ranges include both ends', () => {
  assert.deepEqual(gridValues({ from: 0, to: 1, steps: 5 }), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(gridValues({ from: 2, to: 10, steps: 3, integer: true }), [2, 6, 10]);
  const pts = designPoints({ a: [1, 2], b: ['x', 'y', 'z'] }, { kind: 'grid' });
  assert.equal(pts.length, 6);
  assert.deepEqual(pts[0], { a: 1, b: 'x' });
  assert.deepEqual(pts[5], { a: 2, b: 'z' });
});

test('random and latin-hypercube designs are seeded: same seed, same points; another seed, others', () => {
  const params = { x: { from: 0, to: 1 }, n: { from: 1, to: 100, integer: true } };
  for (const kind of ['random', 'latin-hypercube'] as const) {
    const a = designPoints(params, { kind, points: 20, seed: 7 });
    assert.deepEqual(a, designPoints(params, { kind, points: 20, seed: 7 }));
    assert.notDeepEqual(a, designPoints(params, { kind, points: 20, seed: 8 }));
    assert.ok(a.every((p) => typeof p.n === 'number' && Number.isInteger(p.n) && p.n >= 1 && p.n <= 100));
  }
  // A parameter added to the design leaves the others' draws unchanged (one stream per parameter).
  const one = designPoints({ x: { from: 0, to: 1 } }, { kind: 'random', points: 5, seed: 1 });
  const two = designPoints({ x: { from: 0, to: 1 }, y: [1, 2] }, { kind: 'random', points: 5, seed: 1 });
  assert.deepEqual(one.map((p) => p.x), two.map((p) => p.x));
});

test('latin hypercube: each of the N strata of every parameter holds exactly one point', () => {
  const n = 50;
  const pts = designPoints({ x: { from: 0, to: 1 }, y: { from: 10, to: 20 } }, { kind: 'latin-hypercube', points: n, seed: 3 });
  const strata = (vals: number[], lo: number, hi: number) => new Set(vals.map((v) => Math.floor(((v - lo) / (hi - lo)) * n)));
  assert.equal(strata(pts.map((p) => p.x as number), 0, 1).size, n);
  assert.equal(strata(pts.map((p) => p.y as number), 10, 20).size, n);
});
