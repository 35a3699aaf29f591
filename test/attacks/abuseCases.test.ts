import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScenario } from '../../sim/attacks/attackCase.ts';
import { IMPERSONATOR_CASES } from '../../sim/attacks/cases/impersonator.ts';
import { NON_COMPLIANT_CLIENT_CASES } from '../../sim/attacks/cases/nonCompliantClient.ts';
import { SPAMMER_CASES } from '../../sim/attacks/cases/spammer.ts';
import { ATTACK_CASES } from '../../sim/attacks/catalog.ts';
import { ARCHITECTURE_NAMES } from '../../sim/interop/architecture.ts';
import { loadScenario, validateScenario } from '../../scenarios/index.ts';

const CASES = [...SPAMMER_CASES, ...IMPERSONATOR_CASES, ...NON_COMPLIANT_CLIENT_CASES];

test('spam, impersonation and non-compliant-client rows: the attack without its defense first, valid scenarios under all six architectures', () => {
  for (const c of CASES) assert.ok(ATTACK_CASES.includes(c), `${c.attack} / ${c.defense} is in the catalog`);
  for (const group of [SPAMMER_CASES, IMPERSONATOR_CASES, NON_COMPLIANT_CLIENT_CASES]) assert.match(group[0]!.defense, /^none/);
  for (const preset of ['default', 'handle-collisions'])
    for (const c of CASES)
      for (const a of ARCHITECTURE_NAMES) {
        const base = loadScenario(preset);
        const v = c.variant(base, a);
        assert.ok(isScenario(v), `${c.attack} / ${c.defense} applies under ${a}`);
        // What the case builds is an ordinary scenario file's content: it validates as one.
        assert.doesNotThrow(() => validateScenario(JSON.parse(JSON.stringify(v))), `${c.attack} / ${c.defense} on ${preset}`);
        assert.deepEqual(c.variant(base, a), v, 'pure');
        assert.deepEqual(base, loadScenario(preset), 'the base is not modified');
      }
});
