import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { CryptoClock } from '../../sim/actors/cryptoClock.ts';

const work = () => {
  let x = 0;
  for (let i = 0; i < 20_000; i++) x += Math.sqrt(i);
  return x;
};

describe('CryptoClock', () => {
  it('counts a span nested in another once in the total, and in full for each operation', () => {
    const c = new CryptoClock();
    c.timeSync('outer', () => c.timeSync('inner', work));
    const r = c.report();
    assert.equal(c.totalMs(), r['outer']!.totalMs);
    assert.ok(r['inner']!.totalMs <= r['outer']!.totalMs);
    assert.equal(r['inner']!.count, 1);
  });

  it('adds a sink to the total only when no span is open around it', () => {
    const c = new CryptoClock();
    const sink = c.sink('ahead');
    assert.equal(c.sink('ahead'), sink, 'one function per op');
    sink(5);
    assert.equal(c.totalMs(), 5);
    c.timeSync('op', () => sink(7));
    assert.equal(c.totalMs(), 5 + c.report()['op']!.totalMs);
    assert.equal(c.report()['ahead']!.totalMs, 12);
    assert.equal(c.report()['ahead']!.count, 2);
  });

  it('counts a batched span as its operations: the count adds up, the mean is per operation', async () => {
    const c = new CryptoClock();
    await c.time('mint', async () => work(), 4);
    await c.time('mint', async () => work());
    const r = c.report()['mint']!;
    assert.equal(r.count, 5);
    assert.equal(r.meanMs, r.totalMs / 5);
    assert.equal(c.totalMs(), r.totalMs);
  });

  it('counts overlapping async spans as their union', async () => {
    const c = new CryptoClock();
    await Promise.all([c.time('a', async () => (await tick(), work())), c.time('b', async () => (work(), await tick(), work()))]);
    const r = c.report();
    assert.ok(c.totalMs() <= r['a']!.totalMs + r['b']!.totalMs);
    assert.ok(c.totalMs() >= Math.max(r['a']!.totalMs, r['b']!.totalMs));
  });
});
