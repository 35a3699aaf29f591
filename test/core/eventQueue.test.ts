import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EventQueue } from '../../sim/core/eventQueue.ts';
import { at } from '../../sim/core/time.ts';

test('10,000 events at the same instant pop first-in, first-out', () => {
  const q = new EventQueue<number>();
  for (let i = 0; i < 10_000; i++) q.push(at(5), 0, i);
  const out: number[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
  assert.deepEqual(out, Array.from({ length: 10_000 }, (_, i) => i));
});

test('ties interleaved with other times keep FIFO order within each instant', () => {
  const q = new EventQueue<[number, number]>();
  for (let i = 0; i < 12_000; i++) q.push(at(i % 3), 0, [i % 3, i]);
  let last: [number, number] = [-1, -1];
  for (let e = q.pop(); e; e = q.pop()) {
    const [t, i] = e.item;
    assert.ok(t > last[0] || (t === last[0] && i > last[1]), `order broken at ${t},${i}`);
    last = e.item;
  }
});

test('priority orders events at the same time before insertion order', () => {
  const q = new EventQueue<string>();
  q.push(at(1), 5, 'late-priority');
  q.push(at(1), 0, 'first');
  q.push(at(0), 9, 'earlier-time');
  assert.deepEqual([q.pop()!.item, q.pop()!.item, q.pop()!.item], ['earlier-time', 'first', 'late-priority']);
});

test('cancelled entries never pop and do not count', () => {
  const q = new EventQueue<number>();
  const handles = Array.from({ length: 100 }, (_, i) => q.push(at(i), 0, i));
  for (const h of handles) if (h.item % 2 === 0) q.cancel(h);
  assert.equal(q.size, 50);
  assert.equal(q.cancel(handles[0]!), false, 'double cancel reports false');
  const out: number[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
  assert.deepEqual(out, handles.filter((h) => h.item % 2 === 1).map((h) => h.item));
});

test('property: pops come out sorted by (time, priority, sequence)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 0, max: 20 }), p: fc.integer({ min: -2, max: 2 }), cancel: fc.boolean() }), { maxLength: 300 }),
      (items) => {
        const q = new EventQueue<number>();
        const hs = items.map((it, i) => q.push(at(it.t), it.p, i));
        items.forEach((it, i) => it.cancel && q.cancel(hs[i]!));
        const expected = items
          .map((it, i) => ({ ...it, i }))
          .filter((it) => !it.cancel)
          .sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)
          .map((it) => it.i);
        const got: number[] = [];
        for (let e = q.pop(); e; e = q.pop()) got.push(e.item);
        assert.deepEqual(got, expected);
      },
    ),
  );
});

type Op = { readonly t: number; readonly p: number } | 'pop' | 'peek' | 'cancel';

/** Replays `ops` on `q` and on a sorted reference list: every pop and peek must agree, and the size after each step. */
function agreesWithSortedList(q: EventQueue<number>, ops: readonly Op[]): void {
  const ref: { t: number; p: number; i: number; h: ReturnType<typeof q.push> }[] = [];
  let floor = 0; // a simulator never pushes before the last popped time
  ops.forEach((op, i) => {
    ref.sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i);
    if (op === 'pop') {
      const want = ref.shift();
      assert.equal(q.pop()?.item, want?.i);
      if (want) floor = want.t;
    } else if (op === 'peek') assert.equal(q.peek()?.item, ref[0]?.i);
    else if (op === 'cancel') {
      const victim = ref.splice(i % Math.max(1, ref.length), 1)[0];
      if (victim) assert.equal(q.cancel(victim.h), true);
    } else {
      const t = floor + op.t;
      ref.push({ t, p: op.p, i, h: q.push(at(t), op.p, i) });
    }
    assert.equal(q.size, ref.length);
  });
}

test('property: pushes, pops and cancels interleaved pop what a sorted list would', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.record({ t: fc.integer({ min: 0, max: 30 }), p: fc.integer({ min: -1, max: 1 }) }), fc.constant('pop' as const), fc.constant('cancel' as const)), { maxLength: 400 }),
      (ops) => agreesWithSortedList(new EventQueue<number>(), ops),
    ),
  );
});

test('property: events for the current instant (the FIFO beside the heap) keep the heap order, with peeks and cancels', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.record({ t: fc.integer({ min: 0, max: 2 }), p: fc.integer({ min: -1, max: 1 }) }), fc.constant('pop' as const), fc.constant('peek' as const), fc.constant('cancel' as const)), { maxLength: 400 }),
      (ops) => agreesWithSortedList(new EventQueue<number>(0), ops),
    ),
  );
});

test('a queue told a floor still sorts entries pushed below it (standalone use)', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ t: fc.integer({ min: 0, max: 6 }), p: fc.integer({ min: -1, max: 1 }) }), { maxLength: 200 }), (items) => {
      const q = new EventQueue<number>(3);
      items.forEach((it, i) => q.push(at(it.t), it.p, i));
      const expected = items.map((it, i) => ({ ...it, i })).sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i).map((it) => it.i);
      const got: number[] = [];
      for (let e = q.pop(); e; e = q.pop()) got.push(e.item);
      assert.deepEqual(got, expected);
    }),
  );
});

test('100,000 events for now, scheduled by handlers as they run, pop in order', () => {
  const q = new EventQueue<number>(0);
  for (let i = 0; i < 50_000; i++) q.push(at(0), 0, i);
  q.push(at(0), -1, -1);
  q.push(at(1), 0, 100_001);
  const out: number[] = [];
  for (let e = q.pop(); e; e = q.pop()) {
    out.push(e.item);
    if (e.item >= 0 && e.item < 50_000) q.push(at(0), 0, 50_000 + e.item);
  }
  assert.deepEqual(out, [-1, ...Array.from({ length: 100_000 }, (_, i) => i), 100_001]);
});

test('remove takes the entry peek just returned, from the FIFO or the heap; any other entry is refused', () => {
  const q = new EventQueue<string>(0);
  q.push(at(0), 0, 'now');
  q.push(at(0), -1, 'urgent');
  const later = q.push(at(4), 0, 'later');
  assert.throws(() => q.remove(later), /not the entry peek returned/);
  const order: string[] = [];
  for (let e = q.peek(); e; e = q.peek()) {
    q.remove(e);
    order.push(e.item);
  }
  assert.deepEqual(order, ['urgent', 'now', 'later']);
  assert.equal(q.size, 0);
});
