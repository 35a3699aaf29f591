import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ATTACK_CASES } from '../../sim/attacks/catalog.ts';
import { runAttacks } from '../../sim/attacks/runAttacks.ts';
import { smallScenario } from '../runner/smallScenario.ts';

test('under protocol: signal, MLS-only attacks and defenses are n/a cells with the plan\'s reason', async () => {
  const cases = ATTACK_CASES.filter((c) => c.attack.startsWith('downgrade:') || (c.attack === 'malicious provider: ghost device' && c.defense === 'roster checks'));
  assert.ok(cases.length > 1);
  const m = await runAttacks(smallScenario({ protocol: 'signal' }), { cases, architectures: ['federated-mls', 'bridge-reencrypt'], seeds: 1 });
  for (const row of m.rows)
    for (const cell of Object.values(row.cells)) {
      assert.equal(cell?.applicable, false);
      if (cell?.applicable === false) assert.match(cell.reason, /protocol: signal|signal cannot run/);
    }
});
