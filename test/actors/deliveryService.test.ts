import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId } from '../../sim/core/index.ts';
import { DeliveryService } from '../../sim/actors/deliveryService.ts';
import { groupName } from '../../sim/actors/protocol.ts';

const g = groupName('g0@provA');
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(nodeId) as [ReturnType<typeof nodeId>, ReturnType<typeof nodeId>, ReturnType<typeof nodeId>, ReturnType<typeof nodeId>];

test('first valid commit for an epoch wins; a concurrent one for the same epoch is refused', () => {
  const ds = new DeliveryService();
  ds.createGroup(g, a);
  const first = ds.submit(g, 0, a, [b, c], []);
  assert.equal(first.kind, 'accepted');
  assert.deepEqual(first.kind === 'accepted' && first.joiners, [b, c]);
  const fromB = ds.submit(g, 1, b, [], []);
  const fromC = ds.submit(g, 1, c, [d], []); // raced with b for epoch 1
  assert.equal(fromB.kind, 'accepted');
  assert.deepEqual(fromC, { kind: 'rejected', reason: 'wrong-epoch', currentEpoch: 2 });
  const retry = ds.submit(g, 2, c, [d], []); // after processing b's commit
  assert.equal(retry.kind, 'accepted');
  assert.equal(ds.epoch(g), 3);
  assert.deepEqual(ds.roster(g).sort(), [a, b, c, d].sort());
});

test('fan-out goes to every member but the committer, removed members included; outsiders are refused', () => {
  const ds = new DeliveryService();
  ds.createGroup(g, a);
  ds.submit(g, 0, a, [b, c], []);
  const r = ds.submit(g, 1, a, [], [c]);
  assert.deepEqual(r.kind === 'accepted' && [...r.recipients].sort(), [b, c]);
  assert.deepEqual(ds.submit(g, 2, c, [], []), { kind: 'rejected', reason: 'not-a-member', currentEpoch: 2 });
  assert.equal(ds.submit(groupName('nope@x'), 0, a, [], []).kind, 'rejected');
  assert.equal(ds.accepted, 2);
  assert.equal(ds.rejected, 2);
});

test('a replayed (stale) commit is refused as wrong-epoch', () => {
  const ds = new DeliveryService();
  ds.createGroup(g, a);
  ds.submit(g, 0, a, [b], []);
  assert.equal(ds.submit(g, 0, a, [b], []).kind, 'rejected');
});
