import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId } from '../../sim/core/index.ts';
import type { Envelope } from '../../sim/net/index.ts';
import { testNetwork } from './helpers.ts';

const fast = { latency: { kind: 'constant' as const, ms: 1 } };
const slow = { latency: { kind: 'constant' as const, ms: 50 } };

test('a node with transit: false is reached and sends over its own links, but is never a hop between others', async () => {
  const { sim, net, records, id } = testNetwork(['a', 'b', 'c', { id: nodeId('dir'), kind: 'discovery', transit: false }]);
  // a-c has only a slow direct link; through `dir` it would be faster.
  for (const p of ['a', 'b', 'c']) net.addLink({ a: id('dir'), b: id(p), ...fast });
  net.addLink({ a: id('a'), b: id('c'), ...slow });
  const got: string[] = [];
  for (const n of ['a', 'b', 'c', 'dir']) net.attach(id(n), (env: Envelope) => void got.push(`${env.from}>${n}`));
  net.send({ from: id('a'), to: id('c'), kind: 'control', payload: new Uint8Array(10) }); // the slow direct link
  net.send({ from: id('a'), to: id('b'), kind: 'control', payload: new Uint8Array(10) }); // no path but through dir: none
  net.send({ from: id('b'), to: id('dir'), kind: 'control', payload: new Uint8Array(10) }); // dir itself is reachable
  net.send({ from: id('dir'), to: id('c'), kind: 'control', payload: new Uint8Array(10) }); // and sends
  await sim.run({});
  assert.deepEqual(got.sort(), ['a>c', 'b>dir', 'dir>c']);
  const drops = records.filter((r) => r.type === 'wire-drop');
  assert.deepEqual(drops.map((r) => (r.type === 'wire-drop' ? r.reason : '')), ['no-route']);
  const enqueuedAtDir = records.filter((r) => r.type === 'hop-enqueue' && r.node === 'dir' && r.from === 'a');
  assert.equal(enqueuedAtDir.length, 0, 'nothing from a crossed dir');
});

test('the arrival notice: told once per envelope, when it is put on the last link to its addressee', async () => {
  const { sim, net, id } = testNetwork(['a', 'hub', 'c']);
  net.addLink({ a: id('a'), b: id('hub'), ...fast });
  net.addLink({ a: id('hub'), b: id('c'), ...slow });
  const noticed: string[] = [];
  const got: string[] = [];
  for (const n of ['a', 'hub', 'c']) net.attach(id(n), (env: Envelope) => void got.push(`${String(env.id)}@${n}@${sim.now}`), (env: Envelope) => void noticed.push(`${String(env.id)}@${n}@${sim.now}`));
  const e = net.send({ from: id('a'), to: id('c'), kind: 'control', payload: new Uint8Array(10) });
  await sim.run({});
  // Noticed when it left the hub (after the 1 ms first link), 50 ms before it arrived; the hub, a
  // mere hop, is told nothing.
  assert.deepEqual(noticed, [`${String(e)}@c@1000`]);
  assert.deepEqual(got, [`${String(e)}@c@51000`]);
});
