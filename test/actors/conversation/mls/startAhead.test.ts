// Devices' start-up MLS work made ahead (sim/actors/conversation/mls/startAhead.ts) leaves every run
// as it was: same digest and outcomes as starts that make their own work in place, including when
// what was guessed ahead is wrong (a client upgraded at its registration) and is dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateScenario } from '../../../../scenarios/index.ts';
import { adoptAhead, sameValue, StartQueue, type Ahead } from '../../../../sim/actors/conversation/mls/startAhead.ts';
import type { DeviceStats } from '../../../../sim/actors/deviceServices.ts';
import type { World } from '../../../../sim/actors/world.ts';
import { RandomStreams } from '../../../../sim/core/index.ts';
import { runScenario, type RunResult } from '../../../../sim/runner/runScenario.ts';
import { smallScenario } from '../../../runner/smallScenario.ts';

test('a start queue hands out batches in enlisting order, from the place starting now', () => {
  const q = new StartQueue<string>();
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((x) => q.enlist(x));
  assert.deepEqual(q.batchFrom(b!, 2), ['b', 'c']);
  assert.equal(b!.listed || c!.listed, false);
  q.take(a!);
  assert.equal(q.length, 2);
  assert.deepEqual(q.batchFrom(d!, 10), ['d', 'e']);
  assert.equal(q.length, 0);
  q.take(e!); // taking twice is harmless
  const f = q.enlist('f');
  assert.deepEqual(q.batchFrom(f, 3), ['f']);
});

test('sameValue compares leaf contents deeply: arrays, bytes, plain objects', () => {
  const leaf = () => ({ capabilities: { ciphersuites: [1, 83] }, leafExtensions: [{ extensionType: 0xf0a1, extensionData: new Uint8Array([1, 2, 3]) }] });
  assert.equal(sameValue(leaf(), leaf()), true);
  assert.equal(sameValue(undefined, undefined), true);
  assert.equal(sameValue(leaf(), undefined), false);
  assert.equal(sameValue(leaf(), { ...leaf(), capabilities: { ciphersuites: [1] } }), false);
  assert.equal(sameValue(leaf(), { ...leaf(), leafExtensions: [{ extensionType: 0xf0a1, extensionData: new Uint8Array([1, 2, 4]) }] }), false);
  assert.equal(sameValue({ a: 1 }, { a: 1, b: undefined }), false);
  assert.equal(sameValue([1, 2], { 0: 1, 1: 2 }), false);
  assert.equal(sameValue(new Uint8Array([1]), [1]), false);
});

test('what was made ahead is adopted only for the same suite, count and leaf, with its stream name free', () => {
  const streams = new RandomStreams('s');
  const world = { streams } as unknown as World;
  const leaf = { capabilities: { ciphersuites: [1] } };
  const made = (name: string): Ahead => ({ count: 3, suites: [{ suite: 1, leaf, rng: streams.detached(name), member: {} as never, mints: [] }] });
  const stats = { startAheadAdopted: 0, startAheadDropped: 0 };
  assert.equal(adoptAhead(made('n1'), 0, 2, 3, leaf, world, stats), undefined, 'another suite');
  assert.equal(adoptAhead(made('n2'), 0, 1, 4, leaf, world, stats), undefined, 'another count');
  assert.equal(adoptAhead(made('n3'), 0, 1, 3, { capabilities: { ciphersuites: [1, 83] } }, world, stats), undefined, 'other leaf contents');
  streams.stream('n4');
  assert.equal(adoptAhead(made('n4'), 0, 1, 3, leaf, world, stats), undefined, 'the name was taken');
  assert.deepEqual(stats, { startAheadAdopted: 0, startAheadDropped: 4 });
  assert.deepEqual(streams.names(), ['n4'], 'nothing dropped was adopted');
  assert.equal(adoptAhead(made('n5'), 1, 1, 3, leaf, world, stats), undefined, 'no such suite made');
  const ok = made('n6');
  assert.equal(adoptAhead(ok, 0, 1, 3, { capabilities: { ciphersuites: [1] } }, world, stats), ok.suites[0]);
  assert.equal(streams.stream('n6'), ok.suites[0]!.rng);
  assert.deepEqual(stats, { startAheadAdopted: 1, startAheadDropped: 4 });
});

/** The run with no start-up made ahead, then with it (the default batch), and what the second counted. */
async function both(s: Parameters<typeof runScenario>[0]): Promise<[RunResult, RunResult, { adopted: number; dropped: number }]> {
  let stats: DeviceStats | undefined;
  const inPlace = await runScenario(s, { startAheadBatch: 0, onWorldReady: (ctx) => void (stats = ctx.stats) });
  assert.deepEqual([stats!.startAheadAdopted, stats!.startAheadDropped], [0, 0], 'nothing made ahead with a batch of 0');
  const ahead = await runScenario(s, { onWorldReady: (ctx) => void (stats = ctx.stats) });
  return [inPlace, ahead, { adopted: stats!.startAheadAdopted, dropped: stats!.startAheadDropped }];
}

test('starts made ahead change nothing in the run: same digest, outcomes and MLS operations', async () => {
  const [inPlace, ahead, counts] = await both(smallScenario());
  assert.equal(ahead.digest, inPlace.digest);
  assert.deepEqual(ahead.summary, inPlace.summary);
  assert.deepEqual(ahead.mls, inPlace.mls);
  assert.equal(ahead.wall.cryptoByOp['create-member']!.count, inPlace.wall.cryptoByOp['create-member']!.count);
  assert.equal(ahead.wall.cryptoByOp['key-package-mint']!.count, inPlace.wall.cryptoByOp['key-package-mint']!.count);
  assert.equal(counts.adopted, ahead.wall.cryptoByOp['create-member']!.count, 'every device took its start-up made ahead');
  assert.equal(counts.dropped, 0);
});

test('a client with upgrades to adopt is not made ahead (its registration may change its suites): the run is the same, nothing dropped', async () => {
  // Every provA client adopts the upgrade (suites [83, 1]) when it registers at 0 s.
  const s = validateScenario({
    ...smallScenario(),
    durationSeconds: 10,
    drainSeconds: 10,
    content: { clients: { provA: { upgrades: [{ ciphersuites: [83, 1], curve: { kind: 'forced', at: 0, rampSeconds: 0 } }] } } },
  });
  const [inPlace, ahead, counts] = await both(s);
  assert.equal(ahead.digest, inPlace.digest);
  assert.deepEqual(ahead.summary, inPlace.summary);
  assert.equal(counts.dropped, 0);
  assert.ok(counts.adopted > 0, `adopted ${counts.adopted} (provB's clients)`);
  assert.equal(ahead.wall.cryptoByOp['create-member']!.count, inPlace.wall.cryptoByOp['create-member']!.count, 'no MLS work made for nothing');
  assert.ok(counts.adopted < ahead.wall.cryptoByOp['create-member']!.count, "provA's clients made their own in place");
});

test("a device whose stream name is taken before its start drops what was made ahead and makes its own: the run is the same", async () => {
  const s = smallScenario({ durationSeconds: 10, drainSeconds: 10 });
  const device = 'provA/u1/d0';
  const take = (ctx: { world: { streams: { stream(name: string): unknown } } }) => void ctx.world.streams.stream(`mls/device/${device}/suite-1`);
  let stats: DeviceStats | undefined;
  const inPlace = await runScenario(s, { startAheadBatch: 0, onWorldReady: take });
  const ahead = await runScenario(s, { onWorldReady: (ctx) => (take(ctx), (stats = ctx.stats)) });
  assert.equal(ahead.digest, inPlace.digest);
  assert.deepEqual(ahead.summary, inPlace.summary);
  assert.equal(stats!.startAheadDropped, 1);
  assert.equal(ahead.wall.cryptoByOp['create-member']!.count, inPlace.wall.cryptoByOp['create-member']!.count + 1, 'the dropped work is MLS time spent twice, and counted');
});
