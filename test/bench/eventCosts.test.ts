// The event-cost probe (bench/eventCosts.ts) on a short default run: every event the kernel processed
// and every after-event job is counted under one kind, and the kinds plus what ran between events add up
// to the run's time outside the crypto clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventKind, formatEventCosts, measureEventCosts, scenarioOf } from '../../bench/eventCosts.ts';
import { validateScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';

test("eventKind: the handler, and an envelope's kind and addressee when the argument carries one", () => {
  function dequeueEvent(): void {}
  assert.equal(eventKind(dequeueEvent, { env: { kind: 'application', to: 'p1/u2/d0' } }), 'dequeueEvent application to device');
  assert.equal(eventKind(dequeueEvent, { env: { kind: 'commit', to: 'p1' } }), 'dequeueEvent commit to server');
  assert.equal(eventKind(dequeueEvent, 'a string'), 'dequeueEvent');
  assert.equal(eventKind(() => {}, undefined), '(anonymous)');
});

test('measureEventCosts: every event and job under one kind; the kinds and the gaps make up the time outside the clock; the run is the same', async () => {
  const s = validateScenario({ ...scenarioOf(1, 1, false), durationSeconds: 4, drainSeconds: 2 });
  const plain = await runScenario(s);
  const c = await measureEventCosts(s);
  const events = c.kinds.filter((k) => k.kind !== 'job').reduce((n, k) => n + k.events, 0);
  assert.equal(events, plain.events!.processed, 'one count per processed event');
  assert.ok(c.kinds.some((k) => k.kind === 'dequeueEvent application to device' && k.events > 0));
  assert.ok(c.kinds.some((k) => k.kind === 'job' && k.cryptoMs > 0), 'decryptions ahead run as after-event jobs, timed as MLS');
  for (const k of c.kinds) assert.ok(Number.isFinite(k.otherMs) && k.cryptoMs >= 0, k.kind);
  assert.ok(Math.abs(c.kinds.reduce((n, k) => n + k.otherMs, 0) + c.betweenMs - c.otherMs) < 1e-6);
  assert.ok(Math.abs(c.runMs - c.cryptoMs - c.otherMs) < 1e-6);
  const lines = formatEventCosts(c, 3);
  assert.match(lines[0]!, /^run [\d.]+ s, MLS [\d.]+ s, other [\d.]+ s \([\d.]+% of the run\)$/);
  assert.match(lines.at(-2)!, /between events/);
  assert.match(lines.at(-1)!, /^garbage collection during the run: /);
  assert.ok(c.gc.some((g) => g.kind === 'scavenge' && g.pauses > 0), 'the run\'s scavenges are seen');
  for (const g of c.gc) assert.ok(g.pauses > 0 && g.ms >= 0 && g.outsideMs >= -1e-9 && g.outsideMs <= g.ms + 1e-9, g.kind);
  assert.ok(lines.some((l) => /other kinds\)$/.test(l)));
});
