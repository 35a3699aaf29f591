import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario, validateScenario } from '../../../scenarios/index.ts';
import { planScenario } from '../../../sim/runner/plan/planScenario.ts';
import { DEFAULT_MAX_EVENTS } from '../../../sim/runner/plan/estimate.ts';
import { runScenario } from '../../../sim/runner/runScenario.ts';

test('the event estimate is within a factor of three of the events a run processes', async () => {
  for (const name of ['default', 'mixed-capabilities']) {
    const s = loadScenario(name);
    const r = await runScenario({ ...s, durationSeconds: 10, drainSeconds: 10 });
    const { estimated, processed } = r.events!;
    const ratio = estimated / processed;
    assert.ok(ratio > 1 / 3 && ratio < 3, `${name}: estimated ${estimated}, processed ${processed}`);
  }
});

test('a population too big to start is refused from its numbers alone, before any user is drawn', async () => {
  const s = validateScenario({ name: 'huge', providers: Array.from({ length: 1000 }, (_, i) => ({ id: `p${i}`, users: 1_000_000 })) });
  const r = await planScenario(s);
  assert.equal(r.kind, 'rejected');
  assert.match(r.kind === 'rejected' ? r.problems[0]!.message : '', /^at least 1,000,000,000 devices exceed the limit of 100,000/);
});

test('the events limit is an option: a small limit refuses the default scenario, the default limit plans it', async () => {
  const s = loadScenario('default');
  const tight = await planScenario(s, { maxEvents: 1000 });
  assert.equal(tight.kind, 'rejected');
  const normal = await planScenario(s);
  assert.equal(normal.kind, 'planned');
  assert.ok(normal.kind === 'planned' && normal.plan.estimate.events < DEFAULT_MAX_EVENTS);
});

test('planning is pure: the same scenario and seed give the same plan, another seed another population', async () => {
  const s = loadScenario('default');
  const [a, b, c] = [await planScenario(s), await planScenario(s), await planScenario(s, { seed: '2' })];
  assert.ok(a.kind === 'planned' && b.kind === 'planned' && c.kind === 'planned');
  const shape = (p: typeof a) => (p.kind === 'planned' ? JSON.stringify({ users: p.plan.users, conversations: p.plan.conversations.map((x) => [x.name, x.members.map((m) => m.id)]), network: p.plan.network }) : '');
  assert.equal(shape(a), shape(b));
  assert.notEqual(shape(a), shape(c));
});
