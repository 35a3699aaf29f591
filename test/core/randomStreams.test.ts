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

test('a detached stream draws as the named stream would, and once adopted is the stream of its name', () => {
  const reference = new RandomStreams('m').stream('dev/1').bytes(40);
  const streams = new RandomStreams('m');
  const d = streams.detached('dev/1');
  assert.equal(streams.has('dev/1'), false, 'detaching registers nothing');
  const ahead = d.bytes(24);
  assert.equal(streams.adopt(d), true);
  assert.equal(streams.stream('dev/1'), d, 'asking for the name returns the adopted stream');
  assert.deepEqual(new Uint8Array([...ahead, ...streams.stream('dev/1').bytes(16)]), reference, 'it continues where the early draws left off');
  assert.deepEqual(streams.names(), ['dev/1']);
});

test('adopting a name already taken changes nothing; a stream of another master seed is refused', () => {
  const streams = new RandomStreams('m');
  const first = streams.stream('x');
  const late = streams.detached('x');
  assert.equal(streams.adopt(late), false);
  assert.equal(streams.stream('x'), first);
  assert.throws(() => streams.adopt(new RandomStreams('other').detached('y')), /another master seed/);
  assert.equal(streams.has('y'), false);
});

test('an owned stream draws what the named stream would, and is not entered among the named streams', () => {
  const streams = new RandomStreams('own');
  const owned = streams.owned('net/link/a>b');
  const mine = Array.from({ length: 20 }, () => owned.next());
  assert.deepEqual(mine, draws(new RandomStreams('own'), 'net/link/a>b'));
  assert.equal(owned.name, 'net/link/a>b');
  assert.equal(streams.has('net/link/a>b'), false);
  assert.deepEqual(streams.names(), []);
  assert.notEqual(streams.owned('net/link/a>b'), owned, 'each call makes its own');
});
