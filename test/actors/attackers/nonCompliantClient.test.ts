import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../../sim/runner/runScenario.ts';
import { ScenarioError, validateScenario } from '../../../scenarios/index.ts';
import { smallScenario } from '../../runner/smallScenario.ts';
import type { MlsEngine } from '../../../sim/mls/engine.ts';

// Every conversation has 4-second disappearing messages; provB's clients keep every copy.
const scenario = (opts: { lies?: boolean; check?: 'warn' | 'refuse'; start?: 'send' | 'read'; attacker?: boolean; architecture?: string }) =>
  smallScenario({
    architecture: (opts.architecture ?? 'federated-mls') as never,
    durationSeconds: 20,
    drainSeconds: 10,
    workload: {
      oneToOne: 3,
      groups: { count: 1, size: { kind: 'fixed', n: 4 } },
      messagesPerMemberPerMinute: 12,
      crossProviderShare: 0.6,
      disappearing: { share: 1, seconds: 4, start: opts.start ?? 'read' },
    },
    attackers: opts.attacker === false ? [] : [{ kind: 'non-compliant-client', provider: 'provB', lies: opts.lies ?? false }],
    defenses: opts.check === undefined ? {} : { disappearingCheck: { mode: opts.check } },
  });

const run = async (opts: Parameters<typeof scenario>[0]) => {
  const r = await runScenario(scenario(opts));
  return { r, a: r.attacks.find((x) => x.kind === 'non-compliant-client')! };
};

test('compliant clients delete every copy at expiry: nothing is retained past it', async () => {
  const { r } = await run({ attacker: false });
  assert.ok(r.disappearing!.copies > 20, `${r.disappearing!.copies} timed copies`);
  assert.ok(r.disappearing!.expired > 0);
  assert.equal(r.disappearing!.retainedPastExpiry, 0);
});

test('a non-compliant client keeps copies past expiry (timer from send and from read), and nobody notices', async () => {
  for (const start of ['send', 'read'] as const) {
    const { r, a } = await run({ start });
    assert.ok(a.attempts > 0, `${start}: its devices were in groups with timers`);
    assert.ok(a.successes > 0 && a.successes <= a.attempts, `${start}: ${a.successes} devices kept copies past expiry`);
    assert.ok(a.exposed > 0);
    assert.equal(r.disappearing!.retainedPastExpiry, a.detail!.retainedPastExpiry, 'only its devices kept anything');
    assert.ok(a.detail!.retainedPastExpiry! >= a.exposed);
    assert.equal(a.detections.length, 0);
  }
});

test('a capability check catches an honest non-compliant client, but not one that lies', async () => {
  const refuse = await run({ check: 'refuse' });
  assert.equal(refuse.a.successes, 0, 'senders no longer send it timed messages');
  assert.equal(refuse.a.detections.length, refuse.a.attempts, 'senders were warned about each of its devices');
  assert.ok(refuse.a.detections.every((s) => s === 0), 'before the first timed message reached it');
  assert.ok(refuse.r.disappearing!.refused > 0);

  const warn = await run({ check: 'warn' });
  assert.ok(warn.a.detections.length > 0, 'warned');
  assert.ok(warn.a.successes > 0, 'but a warning alone does not stop it keeping copies');

  // Behind a re-encrypting bridge a sender's roster shows the gateway, not the clients it relays to.
  const bridged = await run({ check: 'refuse', architecture: 'bridge-reencrypt' });
  assert.ok(bridged.a.detail!.retainedPastExpiry! > 0, 'copies relayed by the gateway escape the check');

  const lying = await run({ check: 'refuse', lies: true });
  assert.ok(lying.a.successes > 0, 'a client that lies about its capabilities keeps copies');
  assert.equal(lying.a.detections.length, 0, 'and is never detected');
});

test('a non-compliant client without disappearing messages in the workload is a one-line error', () => {
  assert.throws(
    () => validateScenario({ name: 'x', providers: [{ id: 'provA', users: 2 }], attackers: [{ kind: 'non-compliant-client' }] }),
    (e: unknown) => e instanceof ScenarioError && /attackers\[0\]: a non-compliant client needs workload\.disappearing/.test(e.message),
  );
});

test('what the check reads is the members\' signed MLS leaves: an honest modified client disclaims timers there, a lying one does not', async () => {
  const { capabilitiesOf } = await import('../../../sim/actors/content/contentRuntime.ts');
  for (const lies of [false, true]) {
    const leaves = new Map<string, boolean>();
    await runScenario(scenario({ lies }), {
      onWorldReady: ({ world, devices }) =>
        world.sim.schedule(15_000_000 as never, () => {
          for (const d of devices.values())
            for (const g of d.memberships().keys()) {
              const state = d.groupState(g);
              if (state === undefined || !d.isMember(g)) continue;
              const { engine } = (d as unknown as { services: { engine: MlsEngine } }).services;
              for (const l of engine.memberLeaves(state)) leaves.set(l.identity, capabilitiesOf(l.extensions).honorsExpiry);
            }
        }),
    });
    const provB = [...leaves].filter(([id]) => id.startsWith('provB/'));
    assert.ok(provB.length > 0);
    assert.ok(provB.every(([, honors]) => honors === lies), `lies=${lies}: provB leaves advertise honorsExpiry=${lies}`);
    assert.ok([...leaves].filter(([id]) => id.startsWith('provA/')).every(([, honors]) => honors), 'compliant clients advertise timers');
  }
});

test('a client version without timers (the basic profile) keeps copies like a modified one and the check names it', async () => {
  const s = scenario({ attacker: false, check: 'warn' });
  const basic = { profile: 'basic', mls: true, fallback: 'none' as const, upgrades: [] };
  const r = await runScenario({ ...s, content: { ...s.content, clients: { ...s.content.clients, provB: basic } } });
  assert.ok(r.disappearing!.retainedPastExpiry > 0, 'copies at provB outlive their timer');
  assert.ok(r.disappearing!.warnings > 0, 'senders were warned from the leaves');
});
