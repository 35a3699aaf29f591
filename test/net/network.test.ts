import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, nodeId, type NodeId } from '../../sim/core/index.ts';
import { chain, fullMesh, type Envelope } from '../../sim/net/index.ts';
import { testNetwork } from './helpers.ts';

const bytes = (n: number) => new Uint8Array(n);

test('constant latency plus bandwidth serialization from the real byte size', async () => {
  const { sim, net, id } = testNetwork(['a', 'b']);
  net.addLink({ a: id('a'), b: id('b'), latency: { kind: 'constant', ms: 10 }, bandwidthMbps: 8 }); // 1 byte per µs
  const arrivals: number[] = [];
  net.attach(id('b'), () => void arrivals.push(sim.now));
  net.send({ from: id('a'), to: id('b'), kind: 'application', payload: bytes(1000) });
  net.send({ from: id('a'), to: id('b'), kind: 'application', payload: bytes(500) });
  await sim.run();
  // First: 1000 µs to serialize + 10 ms; second waits for the transmitter: 1500 µs + 10 ms.
  assert.deepEqual(arrivals, [11_000, 11_500]);
});

test('node FIFO queue with service time delays back-to-back arrivals in order', async () => {
  const { sim, net, id } = testNetwork(['a', { id: nodeId('srv'), kind: 'provider', serviceMicros: 300 }]);
  net.addLink({ a: id('a'), b: id('srv'), latency: { kind: 'constant', ms: 1 } });
  const seen: [string, number][] = [];
  net.attach(id('srv'), (e: Envelope) => void seen.push([String(e.payload.length), sim.now]));
  for (const n of [1, 2, 3]) net.send({ from: id('a'), to: id('srv'), kind: 'control', payload: bytes(n) });
  await sim.run();
  assert.deepEqual(seen, [['1', 1300], ['2', 1600], ['3', 1900]]);
});

test('measured loss rate lies within a 99.9% confidence bound of the configured one', async () => {
  const { sim, net, id } = testNetwork(['a', 'b']);
  const p = 0.1;
  net.addLink({ a: id('a'), b: id('b'), latency: { kind: 'uniform', minMs: 1, maxMs: 5 }, loss: p });
  let delivered = 0;
  let lost = 0;
  net.attach(id('b'), () => void delivered++);
  const n = 20_000;
  for (let i = 0; i < n; i++) net.send({ from: id('a'), to: id('b'), kind: 'application', payload: bytes(10), onDrop: (_e, r) => void (r === 'loss' && lost++) });
  await sim.run();
  assert.equal(delivered + lost, n, 'every envelope is delivered or lost');
  const halfWidth = 3.29 * Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(lost / n - p) < halfWidth, `loss ${lost / n} outside ${p}±${halfWidth}`);
});

test('latency models: samples have the configured centre and are never negative', async () => {
  for (const [model, expectMean] of [
    [{ kind: 'normal', meanMs: 20, stdDevMs: 5 }, 20],
    [{ kind: 'lognormal', medianMs: 20, sigma: 0.5 }, 20 * Math.exp(0.125)],
    [{ kind: 'uniform', minMs: 10, maxMs: 30 }, 20],
  ] as const) {
    const { sim, net, id } = testNetwork(['a', 'b']);
    net.addLink({ a: id('a'), b: id('b'), latency: model });
    const lat: number[] = [];
    net.attach(id('b'), () => void lat.push(sim.now));
    const n = 4000;
    for (let i = 0; i < n; i++) net.send({ from: id('a'), to: id('b'), kind: 'control', payload: bytes(1) });
    await sim.run();
    const mean = lat.reduce((x, y) => x + y, 0) / n / 1000;
    assert.ok(Math.abs(mean - expectMean) / expectMean < 0.05, `${model.kind}: mean ${mean} vs ${expectMean}`);
    assert.ok(lat.every((x) => x >= 0));
  }
});

test('routes follow the chain through the gateway, hop by hop, with records for each hop', async () => {
  const { sim, net, id, records } = testNetwork(['pa', 'gw', 'pb']);
  for (const l of chain([id('pa'), id('gw'), id('pb')], { latency: { kind: 'constant', ms: 2 } })) net.addLink(l);
  let got: number | undefined;
  net.attach(id('pb'), () => void (got = sim.now));
  net.send({ from: id('pa'), to: id('pb'), kind: 'application', payload: bytes(3) });
  await sim.run();
  assert.equal(got, 4000);
  assert.deepEqual(records.filter((r) => r.type === 'hop-enqueue').map((r) => (r as { node: NodeId }).node), ['gw', 'pb']);
});

test('routing prefers the lower-latency path', async () => {
  const { sim, net, id } = testNetwork(['a', 'b', 'c']);
  net.addLink({ a: id('a'), b: id('c'), latency: { kind: 'constant', ms: 50 } });
  net.addLink({ a: id('a'), b: id('b'), latency: { kind: 'constant', ms: 5 } });
  net.addLink({ a: id('b'), b: id('c'), latency: { kind: 'constant', ms: 5 } });
  let got = 0;
  net.attach(id('c'), () => void (got = sim.now));
  net.send({ from: id('a'), to: id('c'), kind: 'control', payload: bytes(1) });
  await sim.run();
  assert.equal(got, 10_000);
});

test('scheduled link outage and partition drop envelopes with reasons; after the window they pass', async () => {
  const { sim, net, id } = testNetwork(['a', 'b', 'c'], {
    outages: [
      { kind: 'link', a: nodeId('a'), b: nodeId('b'), from: 0, to: 1000 },
      { kind: 'partition', sides: [[nodeId('a')], [nodeId('c')]], from: 0, to: 1000 },
      { kind: 'node', node: nodeId('b'), from: 5000, to: 6000 },
    ],
  });
  for (const l of fullMesh([id('a'), id('b'), id('c')], { latency: { kind: 'constant', ms: 1 } })) net.addLink(l);
  const drops: string[] = [];
  const ok: string[] = [];
  for (const n of ['b', 'c'] as const) net.attach(id(n), () => void ok.push(`${n}@${sim.now}`));
  const send = (to: string) => net.send({ from: id('a'), to: id(to), kind: 'control', payload: bytes(1), onDrop: (_e, r) => void drops.push(`${to}:${r}@${sim.now}`) });
  send('b');
  send('c');
  sim.scheduleAt(at(2000), () => void (send('b'), send('c')));
  sim.scheduleAt(at(4500), () => void send('b')); // arrives at 5500, b is down
  await sim.run();
  assert.deepEqual(drops, ['b:link-down@0', 'c:link-down@0', 'b:node-down@5500']);
  assert.deepEqual(ok, ['b@3000', 'c@3000']);
});

test('same seed, same arrival times; another seed, others', async () => {
  const runOnce = async (seed: string) => {
    const { sim, net, id } = testNetwork(['a', 'b'], {}, seed);
    net.addLink({ a: id('a'), b: id('b'), latency: { kind: 'lognormal', medianMs: 30, sigma: 0.8 }, jitterMs: 3, loss: 0.05 });
    const t: number[] = [];
    net.attach(id('b'), () => void t.push(sim.now));
    for (let i = 0; i < 200; i++) net.send({ from: id('a'), to: id('b'), kind: 'control', payload: bytes(1) });
    await sim.run();
    return t;
  };
  assert.deepEqual(await runOnce('s1'), await runOnce('s1'));
  assert.notDeepEqual(await runOnce('s1'), await runOnce('s2'));
});

test('remembered next hops (a node\'s last destination, a destination\'s last asker) follow a topology change', async () => {
  const { sim, net, id, records } = testNetwork(['a', 'b', 'c', 'd']);
  net.addLink({ a: id('a'), b: id('c'), latency: { kind: 'constant', ms: 50 } });
  net.addLink({ a: id('d'), b: id('c'), latency: { kind: 'constant', ms: 1 } });
  net.attach(id('c'), () => {});
  // Each envelope's hops, in send order.
  const via = () => {
    const hops = new Map<string, string[]>();
    for (const r of records) if (r.type === 'hop-enqueue') hops.set(r.env, [...(hops.get(r.env) ?? []), r.node]);
    return [...hops.values()].map((h) => h.join('>'));
  };
  // a -> c twice (a remembers c), d -> c, a -> c (c remembers d as its last asker, a its own last destination).
  for (const from of ['a', 'a', 'd', 'a']) net.send({ from: id(from), to: id('c'), kind: 'control', payload: bytes(1) });
  await sim.run();
  assert.deepEqual(via().sort(), ['c', 'c', 'c', 'c']);
  records.length = 0;
  // A shorter way through b: every remembered answer is of the old topology.
  net.addLink({ a: id('a'), b: id('b'), latency: { kind: 'constant', ms: 5 } });
  net.addLink({ a: id('b'), b: id('c'), latency: { kind: 'constant', ms: 5 } });
  for (const from of ['a', 'd', 'a', 'b']) net.send({ from: id(from), to: id('c'), kind: 'control', payload: bytes(1) });
  await sim.run();
  assert.deepEqual(via().sort(), ['b>c', 'b>c', 'c', 'c']);
  // Unknown nodes are still refused, whoever sent last.
  assert.throws(() => net.send({ from: id('zz'), to: id('c'), kind: 'control', payload: bytes(1) }), /send from unknown node zz/);
  assert.throws(() => net.send({ from: id('a'), to: id('zz'), kind: 'control', payload: bytes(1) }), /send to unknown node zz/);
});

test('every envelope follows the whole graph\'s shortest route, single-link nodes (devices, a pair joined only to each other) included', async () => {
  // Random graphs: a core of servers, devices hanging off them by one link (some transit-free), and an
  // isolated pair. Each hop sequence must be the one nextHopsToward gives over the whole graph.
  const { nextHopsToward } = await import('../../sim/net/routing.ts');
  const { RandomStreams } = await import('../../sim/core/index.ts');
  for (let seed = 0; seed < 12; seed++) {
    const rng = new RandomStreams(`routes-${seed}`).stream('graph');
    const core = Array.from({ length: 2 + rng.int(0, 3) }, (_, i) => `s${i}`);
    const leaves = Array.from({ length: 1 + rng.int(0, 4) }, (_, i) => `s${i % core.length}/d${i}`);
    const names = [...core, ...leaves, 'x', 'y'];
    const { sim, net, id, records } = testNetwork(names.map((n) => ({ id: nodeId(n), kind: n.includes('/') ? ('client' as const) : ('provider' as const), ...(n.includes('/') && rng.chance(0.5) ? { transit: false } : {}) })));
    for (let i = 1; i < core.length; i++) net.addLink({ a: id(core[rng.int(0, i - 1)]!), b: id(core[i]!), latency: { kind: 'constant', ms: rng.int(1, 4) } });
    const linked = new Set(net.linkSpecs().map((l) => [l.a, l.b].sort().join('-')));
    for (let i = 0; i + 2 < core.length; i++) {
      const pair = [core[i]!, core[i + 2]!].sort().join('-');
      if (!linked.has(pair) && rng.chance(0.6)) net.addLink({ a: id(core[i]!), b: id(core[i + 2]!), latency: { kind: 'constant', ms: rng.int(1, 4) } });
    }
    for (const l of leaves) net.addLink({ a: id(l), b: id(l.slice(0, l.indexOf('/'))), latency: { kind: 'constant', ms: rng.int(1, 3) } });
    net.addLink({ a: id('x'), b: id('y'), latency: { kind: 'constant', ms: 1 } });
    const adjacency = new Map<NodeId, { to: NodeId; weight: number }[]>();
    for (const n of names) adjacency.set(id(n), []);
    for (const l of net.linkSpecs()) {
      const w = (l.latency as { ms: number }).ms + 1e-6;
      adjacency.get(l.a)!.push({ to: l.b, weight: w });
      adjacency.get(l.b)!.push({ to: l.a, weight: w });
    }
    const endpoints = new Set(net.nodeSpecs().filter((s) => s.transit === false).map((s) => s.id));
    const expected: string[] = [];
    for (const from of names) for (const to of names) {
      if (from === to) continue;
      net.attach(id(to), () => {});
      const next = nextHopsToward(id(to), adjacency, endpoints);
      const hops: string[] = [];
      for (let at: NodeId | undefined = id(from); at !== undefined && at !== id(to); ) hops.push((at = next.get(at)) ?? 'no-route');
      expected.push(`${from}:${hops.join('>')}`);
      net.send({ from: id(from), to: id(to), kind: 'control', payload: bytes(1), onDrop: () => {} });
    }
    await sim.run();
    const got = new Map<string, string[]>();
    const fromOf = new Map<string, string>();
    for (const r of records) {
      if (r.type === 'hop-enqueue') got.set(r.env, [...(got.get(r.env) ?? []), r.node]);
      if (r.type === 'wire-drop') got.set(r.env, [...(got.get(r.env) ?? []), 'no-route']);
      if ((r.type === 'hop-enqueue' || r.type === 'wire-drop') && !fromOf.has(r.env)) fromOf.set(r.env, r.from);
    }
    const seen = [...got].map(([env, h]) => `${fromOf.get(env)}:${h.join('>')}`);
    assert.deepEqual(seen.sort(), expected.sort(), `seed ${seed}`);
  }
});
