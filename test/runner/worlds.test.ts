import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BridgeDevice } from '../../sim/actors/bridgeDevice.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import type { WorldContext } from '../../sim/runner/buildWorld.ts';
import { loadScenario, validateScenario } from '../../scenarios/index.ts';
import { planScenario } from '../../sim/runner/plan/planScenario.ts';

// Heterogeneous worlds (issue 17) for real: providers on different protocols in one run, every copy
// decrypted by real crypto (MLS or Signal, or both through a re-encrypting bridge) and settled once.

const short = (name: string) => ({ ...loadScenario(name), durationSeconds: 30, drainSeconds: 20 });

test('dma-reference-offer: Signal at the gatekeeper and MLS among entrants in one run, every copy accounted for', async () => {
  let ctx: WorldContext | undefined;
  const r = await runScenario(short('dma-reference-offer'), { onWorldReady: (c) => (ctx = c) });
  const s = r.summary;
  assert.equal(s.delivered + s.dropped + s.rejected, s.recipientsExpected, 'every copy has exactly one outcome');
  assert.ok(s.delivered > 40, `delivered ${s.delivered}`);
  assert.equal(r.mls.decryptMismatches, 0);
  // The offer relays ciphertext only: no gatekeeper server or gateway ever holds plaintext (SMS-only
  // carrier users are reached in clear by the entrants' clients: those servers do).
  assert.ok(!r.security.exposedParties.some((p) => p === 'gatekeeper' || p === 'bridge'), r.security.exposedParties.join());
  // Both protocols really ran: MLS epochs verified, Signal sender keys distributed.
  assert.ok(r.mls.groupStateChecks > 0, 'MLS groups among the entrants');
  assert.ok(r.signal !== undefined && r.signal.senderKeyDistributions > 0, 'Signal conversations at the gatekeeper');
  assert.deepEqual(r.arrangements.protocols, { gatekeeper: 'signal', entrantA: 'mls', entrantB: 'mls', carrier: 'mls' });
  assert.equal(r.arrangements.pairs.find((p) => p.between.join() === 'gatekeeper,entrantA')?.kind, 'bridge-e2ee');
  // An entrant's device holds both stacks and reads copies on both protocols.
  const devices = [...ctx!.devices.values()];
  const both = devices.filter((d) => d.protocols.join() === 'mls,signal');
  assert.ok(both.length > 0);
  const onBoth = both.filter((d) => {
    const protocols = new Set([...d.memberships().keys()].map((g) => d.protocolOf(g)));
    return protocols.size === 2;
  });
  assert.ok(onBoth.length > 0, 'an entrant in an MLS group and in a Signal conversation through the offer');
  assert.ok(devices.filter((d) => d.provider === 'gatekeeper').every((d) => d.protocols.join() === 'signal'));
});

test('matrix-style-bridges: the bridge speaks both protocols, re-encrypting every crossing copy', async () => {
  let ctx: WorldContext | undefined;
  const r = await runScenario(short('matrix-style-bridges'), { onWorldReady: (c) => (ctx = c) });
  const s = r.summary;
  assert.equal(s.delivered + s.dropped + s.rejected, s.recipientsExpected);
  assert.ok(s.delivered / s.recipientsExpected > 0.9, `delivery ${s.delivered}/${s.recipientsExpected}`);
  assert.equal(r.mls.decryptMismatches, 0);
  const bridge = [...ctx!.devices.values()].find((d): d is BridgeDevice => d instanceof BridgeDevice)!;
  assert.deepEqual(bridge.protocols, ['mls', 'signal']);
  assert.ok(bridge.plaintextsSeen > 0, 'the bridge decrypted');
  // Its groups are on both sides: Signal groups at the silo, MLS groups at the federation.
  const sides = new Set([...bridge.memberships().keys()].map((g) => bridge.protocolOf(g)));
  assert.deepEqual([...sides].sort(), ['mls', 'signal']);
  assert.ok(r.security.e2eePreservedPct < 100 && r.security.exposedParties.includes(bridge.id), 'a re-encrypting bridge holds plaintext');
});

test('mimi-federation runs on MLS through hubs; a world run is deterministic', async () => {
  const a = await runScenario(short('mimi-federation'));
  const b = await runScenario(short('mimi-federation'));
  assert.equal(a.digest, b.digest);
  assert.equal(a.summary.delivered + a.summary.dropped + a.summary.rejected, a.summary.recipientsExpected);
  assert.equal(a.arrangements.uniform, undefined);
  assert.ok(a.arrangements.pairs.every((p) => p.kind === 'hub'));
  assert.equal(a.signal, undefined);
});

test('the content layer under Signal: peers\' capabilities from their clients, the lowest common denominator, fidelity measured', async () => {
  const s = validateScenario({
    name: 'signal-content',
    seed: 3,
    durationSeconds: 20,
    drainSeconds: 15,
    protocol: 'signal',
    providers: [{ id: 'provA', users: 5 }, { id: 'provB', users: 4 }],
    workload: { oneToOne: 2, groups: { count: 2, size: { kind: 'fixed', n: 4 } }, messagesPerMemberPerMinute: 30, crossProviderShare: 0.6 },
    content: { mix: { richText: 0.5, image: 0.3, reaction: 0.2 }, profiles: { plain: { mediaTypes: [], partKinds: [] } }, clients: { provB: { profile: 'plain' } } },
  });
  const r = await runScenario(s);
  const c = r.content!;
  assert.ok(r.content !== undefined, 'the content layer ran');
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
  assert.ok(c.messages > 20 && c.enhancedMessages > 0, `messages ${c.messages}, enhanced ${c.enhancedMessages}`);
  assert.ok(c.lcdHitPct > 0 && c.partsDropped > 0, 'provB\'s plain clients made senders drop parts');
  assert.ok(c.featureFidelity < 1 && c.featureFidelity > 0);
  assert.equal(c.outcomes.unreadable, 0);
  // What Signal cannot carry is refused naming the field.
  const bad = await planScenario({ ...s, content: { ...s.content, clients: { provB: { ...s.content.clients['provB']!, upgrades: [{ profile: 'full', curve: { kind: 'forced', at: 5 } }] } } } } as never);
  assert.ok(bad.kind === 'rejected' && bad.problems.some((p) => p.path === 'content.clients.provB.upgrades'));
});

test('an MLS engine per provider: stock and native crypto in one federation interoperate', async () => {
  let ctx: WorldContext | undefined;
  const s = validateScenario({
    name: 'engines',
    seed: 4,
    durationSeconds: 12,
    drainSeconds: 10,
    providers: [{ id: 'provA', users: 4, mlsEngine: { crypto: 'stock' } }, { id: 'provB', users: 4 }],
    workload: { oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 4 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 0.8 },
  });
  const r = await runScenario(s, { onWorldReady: (c) => (ctx = c) });
  const sum = r.summary;
  assert.equal(sum.delivered + sum.dropped + sum.rejected, sum.recipientsExpected);
  assert.ok(sum.delivered > 10 && sum.rejected === 0, `delivered ${sum.delivered}, rejected ${sum.rejected}`);
  assert.equal(r.mls.groupStateMismatches, 0);
  const devices = [...ctx!.devices.values()];
  const a = devices.find((d) => d.provider === 'provA')!, b = devices.find((d) => d.provider === 'provB')!;
  assert.notEqual(a.services.engine, b.services.engine, 'provA\'s clients run their own engine');
  assert.equal(a.services.stats, b.services.stats, 'the rest is shared');
  const bad = await planScenario({ ...s, providers: [{ ...s.providers[0]!, protocol: 'signal' }, s.providers[1]!] } as never);
  assert.ok(bad.kind === 'rejected' && bad.problems.some((p) => p.path === 'providers[0].mlsEngine'));
});
