import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Envelope, LinkVerdict } from '../../sim/net/index.ts';
import type { TraceRecord } from '../../sim/trace/index.ts';
import { testNetwork } from './helpers.ts';

/** a - m - b, constant 10 ms links; the interceptor sits on m-b. */
function chainWith(verdict: ((env: Envelope) => LinkVerdict) | undefined) {
  const t = testNetwork(['a', 'm', 'b']);
  const { net, id } = t;
  net.addLink({ a: id('a'), b: id('m'), latency: { kind: 'constant', ms: 10 } });
  net.addLink({ a: id('m'), b: id('b'), latency: { kind: 'constant', ms: 10 } });
  if (verdict !== undefined) net.interceptLink(id('m'), id('b'), verdict);
  const got: { at: number; payload: number[] }[] = [];
  const drops: string[] = [];
  net.attach(id('b'), (e) => void got.push({ at: t.sim.now, payload: [...e.payload] }));
  net.send({ from: id('a'), to: id('b'), kind: 'application', payload: Uint8Array.of(1, 2, 3), onDrop: (_e, reason) => void drops.push(reason) });
  return { ...t, got, drops };
}

const digestOf = (records: TraceRecord[]) => JSON.stringify(records);

test('a passing interceptor leaves the run identical to an unintercepted link', async () => {
  const plain = chainWith(undefined);
  await plain.sim.run();
  const seen: string[] = [];
  const tapped = chainWith((e) => (seen.push(`${e.from}>${e.to}`), { kind: 'pass' }));
  await tapped.sim.run();
  assert.deepEqual(seen, ['a>b'], 'the interceptor saw the envelope once, on its own link only');
  assert.equal(digestOf(tapped.records), digestOf(plain.records));
});

test('drop tells the sender with the reason; delay adds to the arrival time', async () => {
  const dropped = chainWith(() => ({ kind: 'drop', reason: 'dropped-on-link' }));
  await dropped.sim.run();
  assert.deepEqual(dropped.got, []);
  assert.deepEqual(dropped.drops, ['dropped-on-link']);
  const delayed = chainWith(() => ({ kind: 'delay', micros: 5_000 }));
  await delayed.sim.run();
  assert.deepEqual(delayed.got.map((g) => g.at), [25_000]);
});

test('modify delivers altered bytes without touching the sender\'s; replay delivers a second copy later', async () => {
  const sent = Uint8Array.of(1, 2, 3);
  const t = chainWith((e) => ({ kind: 'modify', payload: Uint8Array.from(e.payload, (x) => x ^ 0xff) }));
  await t.sim.run();
  assert.deepEqual(t.got[0]!.payload, [254, 253, 252]);
  assert.deepEqual([...sent], [1, 2, 3]);
  const r = chainWith(() => ({ kind: 'replay', afterMicros: 1_000_000 }));
  await r.sim.run();
  assert.deepEqual(r.got.map((g) => g.at), [20_000, 1_020_000]);
});

test('intercepting a link that does not exist is a RangeError', () => {
  const { net, id } = testNetwork(['a', 'b']);
  assert.throws(() => net.interceptLink(id('a'), id('b'), () => ({ kind: 'pass' })), RangeError);
});
