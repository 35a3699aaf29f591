import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeId } from '../../sim/core/index.ts';
import type { GroupName } from '../../sim/actors/protocol.ts';
import { planArrangements } from '../../sim/runner/plan/planArrangements.ts';
import { bridgeProtocols, protocolsOf, timerlessAcrossOffers } from '../../sim/runner/worldSetup.ts';
import { validateScenario } from '../../scenarios/index.ts';

// What a world asks of devices: the protocol stacks each one holds, the bridge's, and where timers stop.

const table = (arrangements: object) => {
  const s = validateScenario({ name: 'w', providers: [{ id: 'gk', users: 6, protocol: 'signal' }, { id: 'e1', users: 4 }, { id: 'e2', users: 4 }], arrangements });
  return planArrangements(s, undefined).table;
};

test('a device speaks its provider\'s protocol, and the protocol of each offer its provider reaches', () => {
  const t = table({ default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-e2ee' }, { between: ['e1', 'e2'], kind: 'federated' }] });
  assert.deepEqual(protocolsOf(t, 'e1' as NodeId), ['mls', 'signal']);
  assert.deepEqual(protocolsOf(t, 'e2' as NodeId), ['mls'], 'no offer between gk and e2');
  assert.deepEqual(protocolsOf(t, 'gk' as NodeId), ['signal'], 'the offering side speaks only its own');
  assert.deepEqual(bridgeProtocols(t), ['mls'], 'no re-encrypting bridge: an MLS default');
  const bridged = table({ default: 'federated', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-reencrypt' }, { between: ['gk', 'e2'], kind: 'bridge-reencrypt' }] });
  assert.deepEqual(bridgeProtocols(bridged), ['mls', 'signal']);
});

test('no disappearing timers across an offer that says so, and only across it', () => {
  const t = table({ default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-e2ee', limits: { disappearingTimers: false } }, { between: ['gk', 'e2'], kind: 'bridge-e2ee' }] });
  const timerless = timerlessAcrossOffers(t)!;
  const g = 'g0@gk' as GroupName;
  assert.equal(timerless(g, 'e1/u0/d0' as NodeId), true);
  assert.equal(timerless(g, 'e2/u0/d0' as NodeId), false, 'e2\'s offer carries timers');
  assert.equal(timerless(g, 'gk/u0/d0' as NodeId), false);
  assert.equal(timerless('g1@e1' as GroupName, 'e1/u0/d0' as NodeId), false, 'not across the offer');
  assert.equal(timerlessAcrossOffers(table({ default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-e2ee' }] })), undefined);
});
