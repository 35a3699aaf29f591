import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeId } from '../../sim/core/index.ts';
import { homeOfGroup, userOfDevice } from '../../sim/actors/world.ts';

test('userOfDevice names the user of any device id as split("/") reads it', () => {
  for (const d of ['provA/u3/d0', 'p01/u1499/d1', 'hub/u0', 'x/y/z/w', 'solo', 'a//b', '/u/d']) {
    const [prov, user] = d.split('/');
    assert.equal(userOfDevice(d as NodeId), `${user}@${prov}`, d);
  }
});

test('homeOfGroup is the provider after the last @', () => {
  assert.equal(homeOfGroup('g1@provA'), 'provA');
  assert.equal(homeOfGroup('a@b@provB'), 'provB');
  assert.throws(() => homeOfGroup('nohost'));
});
