// GC pauses laid beside the crypto clock's spans (bench/gcPauses.ts): a pause is split into the part
// inside some span and the part outside every span, spans reported out of order or overlapping count once,
// and only pauses that begin in the run's window count.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import { formatGcPauses, GcPauses } from '../../bench/gcPauses.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('GcPauses: a collection under one open span is all inside; with no span it is all outside; outside the window it is not counted', async () => {
  const inside = new GcPauses();
  const t0 = performance.now();
  gc();
  const t1 = performance.now();
  // Two overlapping stretches out of order, covering the collection: counted once, all inside.
  inside.span(t0 - 1, t1 + 1);
  inside.span(t0 - 5, t0);
  inside.window(t0 - 10, t1 + 10);
  const a = await inside.stop();
  const major = a.find((k) => k.kind === 'mark-compact');
  assert.ok(major !== undefined && major.pauses >= 1 && major.ms > 0, JSON.stringify(a));
  assert.ok(Math.abs(major.outsideMs) < 1e-9, 'under a span: nothing outside');

  const outside = new GcPauses();
  const u0 = performance.now();
  gc();
  const u1 = performance.now();
  outside.window(u0 - 10, u1 + 10);
  const b = (await outside.stop()).find((k) => k.kind === 'mark-compact')!;
  assert.ok(Math.abs(b.outsideMs - b.ms) < 1e-9, 'no span: all outside');

  const before = new GcPauses();
  gc();
  before.window(performance.now() + 1000, performance.now() + 2000);
  assert.deepEqual(await before.stop(), [], 'a pause before the window is not counted');
  assert.equal(formatGcPauses([]), 'garbage collection during the run: no pauses');
  assert.match(formatGcPauses(a), /^garbage collection during the run: .*mark-compact \d+ pauses \d+ ms \(0 ms outside the clock\)/);
});
