import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScenario } from '../../sim/attacks/attackCase.ts';
import { ATTACK_CASES } from '../../sim/attacks/catalog.ts';
import { KEY_SUBSTITUTION_CASES } from '../../sim/attacks/cases/keySubstitution.ts';
import { ARCHITECTURE_NAMES } from '../../sim/interop/architecture.ts';
import { loadScenario, resolveScenarioPath, validateScenario } from '../../scenarios/index.ts';

test('key substitution rows: in the catalog, undefended first, and a valid scenario under every architecture', () => {
  for (const c of KEY_SUBSTITUTION_CASES) assert.ok(ATTACK_CASES.includes(c));
  assert.equal(KEY_SUBSTITUTION_CASES[0]!.defense, 'none');
  const base = loadScenario(resolveScenarioPath('default'));
  for (const c of KEY_SUBSTITUTION_CASES)
    for (const a of ARCHITECTURE_NAMES) {
      const v = c.variant(base, a);
      assert.ok(isScenario(v), `${c.attack} / ${c.defense} under ${a}`);
      // Round-trips through the schema and cross-checks: the target provider exists in the base.
      const again = validateScenario(JSON.parse(JSON.stringify(v)));
      assert.equal(again.attackers.at(-1)!.kind, 'key-substituting-directory');
      assert.ok(base.providers.some((p) => p.id === (again.attackers.at(-1) as { at: string }).at));
    }
});

test('bad key-substitution input: one line naming the field', () => {
  const base = { name: 'x', providers: [{ id: 'provA', users: 2 }] };
  assert.throws(() => validateScenario({ ...base, attackers: [{ kind: 'key-substituting-directory', at: 'provZ' }] }), /attackers\[0\]\.at: "provZ" names no provider/);
  assert.throws(() => validateScenario({ ...base, attackers: [{ kind: 'key-substituting-directory', at: 'provA', users: ['u1@provB'] }] }), /attackers\[0\]\.users\[0\]/);
  assert.throws(() => validateScenario({ ...base, defenses: { keyTransparency: { providers: ['provQ'] } } }), /defenses\.keyTransparency\.providers\[0\]/);
  assert.throws(() => validateScenario({ ...base, identity: { verification: 'none' }, defenses: { keyChangePolicy: { policy: 'auto-resend' } } }), /defenses\.keyChangePolicy: needs identity\.verification: tofu/);
  assert.throws(() => validateScenario({ ...base, defenses: { outOfBand: { share: 2 } } }), /defenses\.outOfBand\.share/);
});
