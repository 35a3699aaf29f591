import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageId, type NodeId } from '../../sim/core/index.ts';
import { headerBytes, groupName, type Header } from '../../sim/actors/protocol.ts';
import { sendReliably } from '../../sim/actors/reliableSender.ts';
import type { World } from '../../sim/actors/world.ts';
import { Ledger } from '../../sim/trace/index.ts';
import { testNetwork } from '../net/helpers.ts';

function lossyWorld(loss: number, seed: string) {
  const t = testNetwork(['a', 'b'], {}, seed);
  t.net.addLink({ a: t.id('a'), b: t.id('b'), latency: { kind: 'uniform', minMs: 1, maxMs: 5 }, loss });
  const got: unknown[] = [];
  const arrived: string[] = [];
  t.net.attach(t.id('b'), (env) => void (got.push(env.header), arrived.push(env.id)));
  const world = { sim: t.sim, net: t.net, trace: t.trace, ledger: new Ledger(t.trace), streams: undefined as never } as unknown as World;
  return { ...t, world, got, arrived };
}

const header = (to: NodeId): Header => ({ op: 'app', group: groupName('g@b'), msg: messageId('m1'), sender: 'a' as NodeId, recipients: [to] });

test('a lost envelope is sent again after the wait, each try its own envelope with the same header and size', async () => {
  // Loss 0.5 and many sends: some need retries, some give up after the last one.
  const w = lossyWorld(0.5, 'reliable-1');
  const h = header(w.id('b'));
  const gaveUp: string[] = [];
  const n = 200;
  for (let i = 0; i < n; i++) sendReliably(w.world, w.id('a'), w.id('b'), 'application', h, new Uint8Array(10), (r) => void gaveUp.push(r), { maxRetries: 2, retryAfterMs: 50 });
  await w.sim.run();
  const drops = w.records.filter((r) => r.type === 'wire-drop');
  // Every send ends delivered or given up; each drop but a send's last is followed by one more try,
  // and every try is an envelope of its own.
  assert.equal(w.got.length + gaveUp.length, n);
  const tries = new Set([...w.arrived, ...drops.map((r) => (r.type === 'wire-drop' ? r.env : ''))]);
  assert.equal(tries.size, w.arrived.length + drops.length);
  assert.equal(tries.size, n + drops.length - gaveUp.length);
  assert.ok(gaveUp.length > 0 && gaveUp.every((r) => r === 'loss'));
  assert.ok(drops.length > gaveUp.length, 'some sends were retried');
  // A send gives up only after 1 + maxRetries tries: about loss^3 of the sends.
  assert.ok(gaveUp.length < n / 4, String(gaveUp.length));
  for (const g of w.got) assert.equal(g, h);
  const sizes = new Set(w.records.flatMap((r) => (r.type === 'hop-enqueue' ? [r.bytes] : [])));
  assert.equal(sizes.size, 1);
});

test('the header size given is what the wire counts; without one it is the header\'s JSON size', async () => {
  const sizeOf = async (given: number | undefined) => {
    const w = lossyWorld(0, 'reliable-2');
    sendReliably(w.world, w.id('a'), w.id('b'), 'application', header(w.id('b')), new Uint8Array(10), () => assert.fail('no loss'), undefined, messageId('m1'), given);
    await w.sim.run();
    const r = w.records.find((x) => x.type === 'hop-enqueue');
    return r?.type === 'hop-enqueue' ? r.bytes : -1;
  };
  const computed = await sizeOf(undefined);
  assert.equal(computed - (await sizeOf(0)), headerBytes(header('b' as NodeId)));
  assert.equal(await sizeOf(headerBytes(header('b' as NodeId))), computed);
});

test('a missing route is not retried: the caller is told at once', async () => {
  const t = testNetwork(['a', 'b', 'c']);
  t.net.addLink({ a: t.id('a'), b: t.id('b'), latency: { kind: 'uniform', minMs: 1, maxMs: 5 } });
  const world = { sim: t.sim, net: t.net, trace: t.trace, ledger: new Ledger(t.trace), streams: undefined as never } as unknown as World;
  const reasons: string[] = [];
  sendReliably(world, t.id('a'), t.id('c'), 'control', header(t.id('c')), new Uint8Array(0), (r) => void reasons.push(r));
  await t.sim.run();
  assert.equal(reasons.length, 1);
  assert.notEqual(reasons[0], 'loss');
  assert.equal(t.records.filter((r) => r.type === 'hop-enqueue').length, 0);
});
