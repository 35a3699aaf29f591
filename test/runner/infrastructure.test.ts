import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError, validateScenario, type ScenarioInput } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../sim/trace/index.ts';

const four = (over: Partial<ScenarioInput> = {}) =>
  validateScenario({
    name: 'chain',
    seed: 3,
    durationSeconds: 20,
    drainSeconds: 10,
    providers: ['provA', 'provB', 'provC', 'provD'].map((id) => ({ id, users: 4 })),
    network: { topology: { kind: 'chain', order: ['provA', 'provB'] } },
    workload: { oneToOne: 8, groups: { count: 2, size: { kind: 'fixed', n: 6 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 0.9 },
    ...over,
  });

const side = (device: string) => (/^prov[AB]\//.test(device) ? 'AB' : device.slice(0, 5));

test('a chain [provA, provB] keeps provC and provD apart: the discovery service linked to everyone forwards nothing', async () => {
  const sends = new Map<string, string>();
  const delivered: { from: string; to: string }[] = [];
  const r = await runScenario(four(), {
    onWorldReady: ({ world }) =>
      world.trace.subscribe((rec: TraceRecord) => {
        if (rec.type === 'send' && rec.kind === 'application') sends.set(rec.msg, rec.from);
        if (rec.type === 'deliver') delivered.push({ from: sends.get(rec.msg) ?? '?', to: rec.to });
      }),
  });
  assert.ok(r.summary.messages > 50, `only ${r.summary.messages} messages`);
  // Copies meant for the other side were dropped as unreachable, not delivered (before: all 441 delivered through `discovery`).
  assert.ok((r.summary.dropReasons['no-route'] ?? 0) > 50, JSON.stringify(r.summary.dropReasons));
  assert.ok(r.summary.delivered > 20);
  for (const d of delivered) assert.ok(side(d.from) === side(d.to) || d.from === '?', `${d.from} reached ${d.to} across the cut`);
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
});

test('the same providers on a full mesh deliver everything: the cut above is the topology, nothing else', async () => {
  const r = await runScenario(four({ network: { topology: { kind: 'full-mesh' } } }));
  assert.equal(r.summary.dropReasons['no-route'] ?? 0, 0);
  assert.ok(r.summary.deliveryRatio > 0.95, `delivery ${r.summary.deliveryRatio}`);
});

test('a provider named like the discovery or bridge node is refused, naming the field', () => {
  for (const [id, what] of [['discovery', 'interop.discoveryNode'], ['bridge', 'interop.bridgeNode']] as const) {
    assert.throws(
      () => validateScenario({ name: 't', providers: [{ id: 'a', users: 2 }, { id, users: 30 }] }),
      (e: unknown) => e instanceof ScenarioError && e.problems.length === 1 && e.problems[0]!.startsWith(`providers[1].id: "${id}" is reserved`) && e.problems[0]!.includes(what),
    );
  }
  // Renaming the infrastructure frees the name.
  validateScenario({ name: 't', providers: [{ id: 'a', users: 3 }, { id: 'discovery', users: 3 }], interop: { discoveryNode: 'dir' } });
});
