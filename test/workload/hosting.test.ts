import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeId } from '../../sim/core/index.ts';
import { groupName, userId } from '../../sim/actors/protocol.ts';
import type { ArrangementName } from '../../sim/interop/index.ts';
import { planArrangements } from '../../sim/runner/plan/planArrangements.ts';
import type { ConversationPlan } from '../../sim/workload/conversations.ts';
import { hostingOf, type OfferGate } from '../../sim/workload/hosting.ts';
import { Placement } from '../../sim/workload/placement.ts';
import type { UserPlan } from '../../sim/workload/population.ts';
import { validateScenario } from '../../scenarios/index.ts';

// The hosting rule of each arrangement (README "Worlds"): who hosts a conversation, which protocol
// carries it, and how each member takes part.

const user = (name: string, provider: string): UserPlan => ({ id: userId(`${name}@${provider}`), provider: provider as NodeId, devices: [`${provider}/${name}/d0` as NodeId], ciphersuites: [1], intermittent: [false] });
const conv = (name: string, kind: 'one-to-one' | 'group', members: UserPlan[]): ConversationPlan => ({ name, group: groupName(`${name}@${members[0]!.provider}`), kind, creator: members[0]!, ciphersuite: 1, members });
const open: OfferGate = { optedIn: () => true, nowSeconds: () => 100 };

function table(pairs: { between: [string, string]; kind: ArrangementName; limits?: object }[], fallback: ArrangementName = 'none') {
  const s = validateScenario({ name: 'h', providers: [{ id: 'gk', users: 6, protocol: 'signal' }, { id: 'e1', users: 4 }, { id: 'e2', users: 4 }], arrangements: { default: fallback, pairs } });
  const { table, problems } = planArrangements(s, undefined);
  assert.deepEqual(problems, []);
  return table;
}

const g = user('u0', 'gk'), a = user('u0', 'e1'), b = user('u0', 'e2'), a2 = user('u1', 'e1');

test('one provider: the conversation lives there', () => {
  const h = hostingOf(table([]), conv('dm0', 'one-to-one', [a, a2]), open);
  assert.equal(h.host, 'e1');
  assert.equal(h.modeOf('e1' as NodeId), 'host');
});

test('federated (and hub): at the creator\'s provider, others from their own provider', () => {
  for (const kind of ['federated', 'hub'] as const) {
    const h = hostingOf(table([{ between: ['e1', 'e2'], kind }]), conv('dm0', 'one-to-one', [b, a]), open);
    assert.equal(h.host, 'e2');
    assert.equal(h.modeOf('e1' as NodeId), 'own');
  }
});

test('bridge-e2ee: at the offering provider on its protocol, third parties through the offer', () => {
  const t = table([{ between: ['gk', 'e1'], kind: 'bridge-e2ee' }, { between: ['e1', 'e2'], kind: 'federated' }]);
  // Created by the entrant, still hosted by the gatekeeper.
  const h = hostingOf(t, conv('g0', 'group', [a, g, a2]), open);
  assert.equal(h.host, 'gk');
  assert.equal(h.modeOf('e1' as NodeId), 'offer');
  const p = new Placement(t, () => assert.fail('no account under the offer'), undefined, open);
  assert.equal(p.groupOf(conv('g0', 'group', [a, g, a2]), a), 'g0@gk');
  // e2 has no arrangement with the gatekeeper (default none): its member needs an account there.
  const h2 = hostingOf(t, conv('g1', 'group', [a, g, b]), open);
  assert.equal(h2.modeOf('e2' as NodeId), 'account');
});

test('bridge-e2ee limits: groups only later, opted-in users only; otherwise an account at the host', () => {
  const t = table([{ between: ['gk', 'e1'], kind: 'bridge-e2ee', limits: { optInShare: 0.5, groupsAfterSeconds: 30 } }]);
  const early: OfferGate = { optedIn: () => true, nowSeconds: () => 10 };
  assert.equal(hostingOf(t, conv('dm0', 'one-to-one', [a, g]), early).modeOf('e1' as NodeId), 'offer', '1:1 from the start');
  assert.equal(hostingOf(t, conv('g0', 'group', [a, g, a2]), early).modeOf('e1' as NodeId), 'account', 'groups not yet');
  assert.equal(hostingOf(t, conv('g0', 'group', [a, g, a2]), open).modeOf('e1' as NodeId), 'offer', 'groups later');
  const optedOut: OfferGate = { optedIn: (u, share) => { assert.equal(share, 0.5); return u !== g; }, nowSeconds: () => 100 };
  assert.equal(hostingOf(t, conv('dm0', 'one-to-one', [a, g]), optedOut).modeOf('e1' as NodeId), 'account', 'the gatekeeper user did not opt in');
});

test('none and client-api: at the creator\'s provider, others through accounts there', () => {
  for (const kind of ['none', 'client-api'] as const) {
    const t = table([], kind);
    const c = conv('dm0', 'one-to-one', [a, b]);
    const h = hostingOf(t, c, open);
    assert.equal(h.host, 'e1');
    assert.equal(h.modeOf('e2' as NodeId), 'account');
    const account = user('u0-e2', 'e1');
    const p = new Placement(t, (u, at) => (assert.equal(u, b), assert.equal(at, 'e1'), account), undefined, open);
    assert.equal(p.participant(c, b), account);
    assert.deepEqual(p.creations(c)[0]!.invitees, [a, account]);
  }
});

test('bridge-reencrypt: one group per side, each on its own provider, the bridge in both', () => {
  const t = table([{ between: ['gk', 'e1'], kind: 'bridge-reencrypt' }, { between: ['gk', 'e2'], kind: 'bridge-reencrypt' }], 'federated');
  const bridge = user('gw', 'bridge');
  const c = conv('g0', 'group', [a, g, a2]);
  const h = hostingOf(t, c, open);
  assert.equal(h.host, 'e1');
  assert.equal(h.modeOf('gk' as NodeId), 'side');
  assert.ok(h.hasSides && h.sideNamed);
  const p = new Placement(t, () => assert.fail('no accounts'), bridge, open);
  assert.deepEqual(
    p.creations(c).map((x) => [x.group, x.creator.id, x.invitees.map((i) => i.id)]),
    [
      ['g0.e1@e1', a.id, [a.id, a2.id, bridge.id]],
      ['g0.gk@gk', bridge.id, [g.id, bridge.id]],
    ],
  );
  assert.equal(p.groupOf(c, g), 'g0.gk@gk');
  assert.equal(p.addition(c, user('u9', 'gk')).committer, bridge);
});
