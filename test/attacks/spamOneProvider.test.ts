import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SPAMMER_CASES, laxProvider } from '../../sim/attacks/cases/spammer.ts';
import { isScenario } from '../../sim/attacks/attackCase.ts';
import { loadScenario } from '../../scenarios/index.ts';

test('the spam-from-one-provider row puts the spammer at the smallest provider only, under every architecture', () => {
  const base = loadScenario('default');
  const row = SPAMMER_CASES.find((c) => c.attack === 'spam from one provider')!;
  const smallest = [...base.providers].sort((a, b) => a.users - b.users)[0]!;
  assert.equal(laxProvider(base), smallest.id);
  for (const arch of ['silo', 'client-api', 'bridge-reencrypt', 'bridge-e2ee', 'federated-mls', 'mimi-hub'] as const) {
    const v = row.variant(base, arch);
    assert.ok(isScenario(v));
    const spammer = v.attackers.at(-1)!;
    assert.equal(spammer.kind, 'spammer');
    assert.deepEqual(spammer.kind === 'spammer' && spammer.providers, [smallest.id]);
  }
});
