import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScenario } from '../../sim/attacks/attackCase.ts';
import { BRIDGE_OPERATOR_CASES } from '../../sim/attacks/cases/bridgeOperator.ts';
import { MALICIOUS_PROVIDER_CASES } from '../../sim/attacks/cases/maliciousProvider.ts';
import { METADATA_OBSERVER_CASES } from '../../sim/attacks/cases/metadataObserver.ts';
import { NETWORK_ADVERSARY_CASES } from '../../sim/attacks/cases/networkAdversary.ts';
import { ATTACK_CASES } from '../../sim/attacks/catalog.ts';
import { ARCHITECTURE_NAMES } from '../../sim/interop/architecture.ts';
import { loadScenario } from '../../scenarios/index.ts';
import { scenarioSchema } from '../../scenarios/schema.ts';
import { crossCheck } from '../../scenarios/crossChecks.ts';

const CASES = [...MALICIOUS_PROVIDER_CASES, ...NETWORK_ADVERSARY_CASES, ...BRIDGE_OPERATOR_CASES, ...METADATA_OBSERVER_CASES];

test('provider, link, bridge and metadata cases are in the catalog, each attack without its defense first', () => {
  for (const c of CASES) assert.ok(ATTACK_CASES.includes(c));
  const first = new Map<string, string>();
  for (const c of CASES) if (!first.has(c.attack)) first.set(c.attack, c.defense);
  for (const [attack, defense] of first) assert.ok(defense.startsWith('none') || defense.includes('always on'), `${attack} starts with ${defense}`);
});

test('every case gives a valid scenario on the default preset for all six architectures (the bridge operator only with its bridge)', () => {
  const base = loadScenario('default');
  for (const c of CASES)
    for (const a of ARCHITECTURE_NAMES) {
      const v = c.variant(base, a);
      if (c.attack.startsWith('bridge operator') && a !== 'bridge-reencrypt') {
        assert.ok(!isScenario(v));
        continue;
      }
      assert.ok(isScenario(v), `${c.attack} / ${c.defense} / ${a}`);
      const parsed = scenarioSchema.parse(v);
      assert.deepEqual(crossCheck(parsed), [], `${c.attack} / ${c.defense} / ${a}`);
      assert.equal(v.attackers.length, base.attackers.length + 1);
    }
});
