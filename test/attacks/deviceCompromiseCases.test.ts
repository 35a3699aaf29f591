import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScenario } from '../../sim/attacks/attackCase.ts';
import { ATTACK_CASES } from '../../sim/attacks/catalog.ts';
import { DEVICE_COMPROMISE_CASES } from '../../sim/attacks/cases/deviceCompromise.ts';
import { PCS_POLICIES } from '../../sim/attacks/pcs/pcsPolicies.ts';
import { pcsScenario } from '../../sim/attacks/pcs/runPcs.ts';
import { checkProtocol } from '../../sim/runner/plan/checkProtocol.ts';
import { ARCHITECTURE_NAMES } from '../../sim/interop/architecture.ts';
import { loadScenario, resolveScenarioPath, validateScenario } from '../../scenarios/index.ts';

test('device compromise rows: in the catalog, a valid scenario under every architecture, runnable under signal too', () => {
  const base = loadScenario(resolveScenarioPath('default'));
  for (const c of DEVICE_COMPROMISE_CASES) {
    assert.ok(ATTACK_CASES.includes(c));
    for (const a of ARCHITECTURE_NAMES) {
      const v = c.variant(base, a);
      assert.ok(isScenario(v));
      const again = validateScenario(JSON.parse(JSON.stringify(v)));
      assert.equal(again.attackers.at(-1)!.kind, 'device-compromise');
    }
    const signal = c.variant({ ...base, protocol: 'signal' }, 'federated-mls');
    assert.ok(isScenario(signal) && checkProtocol(signal, 'federated-mls').length === 0);
  }
});

test('pcs policies: each protocol\'s own, set on the workload, and every one a valid scenario with the thief', () => {
  const base = loadScenario(resolveScenarioPath('default'));
  assert.deepEqual([...new Set(PCS_POLICIES.map((p) => p.protocol))], ['mls', 'signal']);
  for (const p of PCS_POLICIES) {
    const s = validateScenario(JSON.parse(JSON.stringify(pcsScenario(base, p, 20, 3))));
    assert.equal(s.protocol, p.protocol);
    assert.deepEqual(checkProtocol(s, 'federated-mls'), []);
    assert.equal(s.attackers.at(-1)!.kind, 'device-compromise');
  }
  const updates = PCS_POLICIES.map((p) => p.apply(base).workload.updatePeriodSeconds);
  assert.ok(updates.includes(0) && updates.includes(20) && updates.includes(60));
});
