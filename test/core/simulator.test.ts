import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulator } from '../../sim/core/simulator.ts';
import { at, micros, millis, type Duration } from '../../sim/core/time.ts';

test('async handlers are awaited: a slow promise cannot be overtaken by a later event', async () => {
  const sim = new Simulator();
  const log: string[] = [];
  sim.schedule(millis(1), async () => {
    log.push('a-start');
    await new Promise((r) => setTimeout(r, 5));
    await Promise.resolve();
    log.push('a-end');
  });
  sim.schedule(millis(1), () => void log.push('b'));
  sim.schedule(millis(2), async () => void log.push('c'));
  await sim.run();
  assert.deepEqual(log, ['a-start', 'a-end', 'b', 'c']);
});

test('run until a time leaves later events pending and the clock at the limit', async () => {
  const sim = new Simulator();
  const seen: number[] = [];
  for (const t of [10, 20, 30]) sim.scheduleAt(at(t), () => void seen.push(t));
  const r = await sim.run({ until: at(25) });
  assert.deepEqual(seen, [10, 20]);
  assert.equal(r.reason, 'until');
  assert.equal(sim.now, 25);
  assert.equal(sim.pending, 1);
  const r2 = await sim.run();
  assert.equal(r2.reason, 'quiescent');
  assert.deepEqual(seen, [10, 20, 30]);
});

test('run with an event budget stops after exactly that many events', async () => {
  const sim = new Simulator();
  let n = 0;
  const tick = () => {
    n++;
    sim.schedule(micros(1), tick);
  };
  sim.schedule(micros(0), tick);
  const r = await sim.run({ maxEvents: 1234 });
  assert.equal(r.reason, 'budget');
  assert.equal(r.events, 1234);
  assert.equal(n, 1234);
});

test('cancel removes a pending event; scheduling in the past is refused', async () => {
  const sim = new Simulator();
  let ran = false;
  const h = sim.schedule(millis(5), () => void (ran = true));
  assert.equal(sim.cancel(h), true);
  await sim.run();
  assert.equal(ran, false);
  assert.throws(() => sim.scheduleAt(at(-1), () => {}), RangeError);
  assert.throws(() => sim.schedule(1.5 as Duration, () => {}), RangeError);
});

test('events scheduled at the same instant from inside handlers still run FIFO', async () => {
  const sim = new Simulator();
  const order: number[] = [];
  sim.schedule(micros(0), () => {
    for (let i = 0; i < 1000; i++) sim.schedule(micros(0), async () => void order.push(i));
  });
  await sim.run();
  assert.deepEqual(order, Array.from({ length: 1000 }, (_, i) => i));
});

test('a throwing handler rejects run (broken invariants keep their stack)', async () => {
  const sim = new Simulator();
  sim.schedule(micros(1), () => {
    throw new Error('boom');
  });
  await assert.rejects(sim.run(), /boom/);
});

test('afterEvent: a job runs after its event (awaited, alone) and before the next one, in order', async () => {
  const sim = new Simulator();
  const log: string[] = [];
  sim.schedule(millis(1), async () => {
    sim.afterEvent(async () => {
      log.push('job1-start');
      await Promise.resolve();
      await Promise.resolve();
      log.push('job1-end');
    });
    sim.afterEvent(() => void log.push('job2'));
    await Promise.resolve();
    log.push('a');
  });
  sim.schedule(millis(1), () => {
    log.push('b');
    sim.afterEvent(() => void log.push('job3'));
  });
  await sim.run();
  assert.deepEqual(log, ['a', 'job1-start', 'job1-end', 'job2', 'b', 'job3']);
});

test('a probe sees each event and after-event job begin and end, in order, with what ran, and changes nothing', async () => {
  const seen: string[] = [];
  const trail = () => {
    const sim = new Simulator();
    const order: string[] = [];
    const hop = (arg: string): void => {
      order.push(`hop ${arg}`);
      if (arg === 'a') sim.afterEvent(job);
    };
    const job = (): Promise<void> => Promise.resolve().then(() => void order.push('job'));
    const slow = async (): Promise<void> => {
      await Promise.resolve();
      order.push('slow');
    };
    sim.callAt(at(micros(5)), hop, 'a');
    sim.schedule(micros(5), slow);
    sim.callAt(at(micros(9)), hop, 'b');
    return { sim, order, hop, job, slow };
  };
  const plain = trail();
  await plain.sim.run();
  const t = trail();
  let open = 0;
  await t.sim.run({
    probe: {
      begin: () => {
        assert.equal(open++, 0, 'begin only when nothing is open');
        seen.push('begin');
      },
      end: (handler, arg) => {
        assert.equal(--open, 0);
        // A handler's side effects (and its promise) are done by the time `end` is told.
        seen.push(`end ${handler === t.hop ? 'hop' : handler === t.job ? 'job' : handler === t.slow ? 'slow' : '?'} ${String(arg)} after ${t.order.at(-1)}`);
      },
    },
  });
  assert.deepEqual(t.order, plain.order, 'the probe changes nothing');
  assert.deepEqual(seen, ['begin', 'end hop a after hop a', 'begin', 'end job undefined after job', 'begin', 'end slow undefined after slow', 'begin', 'end hop b after hop b']);
});
