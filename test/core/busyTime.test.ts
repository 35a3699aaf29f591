import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BusyTime } from '../../sim/core/busyTime.ts';
import { at, micros } from '../../sim/core/time.ts';

test('operations on one node queue behind each other; nodes are independent', () => {
  const busy = new BusyTime();
  assert.equal(busy.charge('a', at(100), micros(50)), 150);
  assert.equal(busy.charge('a', at(120), micros(50)), 200, 'second op waits for the first');
  assert.equal(busy.charge('b', at(120), micros(50)), 170, 'another node is idle');
  assert.equal(busy.charge('a', at(500), micros(10)), 510, 'idle again later');
  assert.equal(busy.freeAt('a', at(505)), 510);
});
