import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError, validateScenario } from '../../scenarios/index.ts';
import type { DeviceActor } from '../../sim/actors/device.ts';
import type { GroupName } from '../../sim/actors/protocol.ts';
import type { NodeId } from '../../sim/core/index.ts';
import type { ArchitectureName } from '../../sim/interop/index.ts';
import { runScenario, type RunResult, type WorldContext } from '../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../sim/trace/index.ts';

// workload.departures on real runs: users leave conversations or delete the app at seeded times; under
// mimi-hub the hub removes them by external proposal (RFC 9420 §12.1.8.1) and a member commits it,
// elsewhere a member commits the removal. Nothing sent after a departure reaches the departed user.

const scenario = (extra: Record<string, unknown> = {}) =>
  validateScenario({
    name: 'departures',
    seed: 3,
    durationSeconds: 40,
    drainSeconds: 20,
    providers: [{ id: 'provA', users: 6 }, { id: 'provB', users: 5, devicesPerUser: 2 }, { id: 'provC', users: 5 }],
    workload: {
      oneToOne: 2,
      groups: { count: 2, size: { kind: 'fixed', n: 8 } },
      messagesPerMemberPerMinute: 6,
      crossProviderShare: 0.8,
      // Churn adds may invite a departed user back: its clients then take part again.
      churn: { addsPerGroupPerHour: 300 },
      departures: { perGroupPerHour: 600, leaveAppShare: 0.4 },
    },
    ...extra,
  });

interface Observed {
  readonly result: RunResult;
  readonly records: TraceRecord[];
  readonly ctx: WorldContext;
  /** The group each application message was sent in. */
  readonly groupOf: Map<string, string>;
}

async function observe(architecture: ArchitectureName, extra: Record<string, unknown> = {}): Promise<Observed> {
  const records: TraceRecord[] = [];
  let ctx: WorldContext | undefined;
  const groupOf = new Map<string, string>();
  const result = await runScenario(scenario(extra), {
    architecture,
    onWorldReady: (c) => {
      ctx = c;
      c.world.trace.subscribe((r) => records.push(r));
      for (const d of c.devices.values()) {
        const send = d.sendApplication.bind(d);
        d.sendApplication = (group, msg, plaintext) => (groupOf.set(msg, group), send(group, msg, plaintext));
      }
    },
  });
  return { result, records, ctx: ctx!, groupOf };
}

const departuresOf = (records: readonly TraceRecord[]) =>
  records.filter((r): r is Extract<TraceRecord, { type: 'mls' }> => r.type === 'mls' && r.op === 'departure').map((r) => ({ device: r.by, group: r.group as GroupName, t: r.t }));

/** No copy of a message sent after a departure was delivered to the departed device in that group. */
function assertNothingReachedDeparted({ records, groupOf }: Observed): number {
  const departed = departuresOf(records);
  const sentAt = new Map<string, number>();
  for (const r of records) if (r.type === 'send' && r.kind === 'application') sentAt.set(r.msg, r.t);
  let refused = 0;
  // Not vacuous: messages were sent in a group after someone departed it.
  const after = [...groupOf].filter(([msg, g]) => departed.some((x) => x.group === g && (sentAt.get(msg) ?? -1) >= x.t)).length;
  assert.ok(after > 0, 'no message was sent in a group after a departure');
  for (const r of records) {
    if (r.type !== 'deliver' && r.type !== 'reject') continue;
    const d = departed.find((x) => x.device === r.to && x.group === groupOf.get(r.msg) && (sentAt.get(r.msg) ?? -1) >= x.t);
    if (d === undefined) continue;
    assert.notEqual(r.type, 'deliver', `${r.msg} (sent after ${d.device} departed) was delivered to it`);
    refused++;
  }
  return refused;
}

/** The departed device is in no remaining member's epoch, and a message from one of them does not decrypt with its last state. */
async function assertOutOfGroup(o: Observed): Promise<number> {
  const engine = o.ctx.devices.values().next().value!['services' as keyof DeviceActor] as unknown as { engine: import('../../sim/mls/engine.ts').MlsEngine };
  let checked = 0;
  for (const { device, group } of departuresOf(o.records)) {
    const members = [...o.ctx.devices.values()].filter((d) => d.id !== device && d.isMember(group) && d.groupState(group) !== undefined);
    const last = o.ctx.devices.get(device)?.groupState(group);
    if (members.length === 0 || last === undefined) continue;
    const m = members[0]!;
    const state = m.groupState(group)!;
    assert.ok(!engine.engine.members(state).some((x) => x.identity === device), `${device} is still a member of ${group} at epoch ${engine.engine.epoch(state)}`);
    const sealed = await engine.engine.protect(state, new TextEncoder().encode('after the departure'));
    assert.equal(sealed.kind, 'ok');
    const opened = await engine.engine.unprotect(last, (sealed as { message: Uint8Array }).message);
    assert.equal(opened.kind, 'rejected', `${device}'s last state of ${group} decrypted a later message`);
    checked++;
  }
  return checked;
}

let hubRun: Promise<Observed> | undefined;
const mimiHub = () => (hubRun ??= observe('mimi-hub'));

test('mimi-hub: the hub proposes each Remove as an external sender, a member commits it, the departed read nothing after', async () => {
  const o = await mimiHub();
  const d = o.result.departures!;
  assert.ok(d.departures >= 3 && d.appDeletions >= 1, JSON.stringify(d));
  assert.equal(d.removedBy, 'external-proposal');
  assert.ok(d.hub!.externalProposals >= d.hub!.removedByProposal && d.hub!.removedByProposal >= 3, JSON.stringify(d));
  const proposals = o.records.filter((r) => r.type === 'mls' && r.op === 'external-proposal' && r.outcome === undefined);
  assert.equal(proposals.length, d.hub!.externalProposals);
  assert.ok(o.records.some((r) => r.type === 'mls' && r.op === 'commit-apply-proposals'), 'a member committed the proposals by reference');
  assert.ok(!o.records.some((r) => r.type === 'mls' && r.op === 'commit-remove'), 'no member removed anyone by value');
  assert.equal(o.result.mls.groupStateMismatches, 0);
  assert.equal(o.result.mls.decryptMismatches, 0);
  assert.equal(o.result.mls.handshakesRejected, 0);
  assertNothingReachedDeparted(o);
  assert.ok((await assertOutOfGroup(o)) >= 3);
});

test('federated-mls and signal: a member commits the removal; the same departures are drawn as under mimi-hub', async () => {
  const hub = await mimiHub();
  const fed = await observe('federated-mls');
  assert.equal(fed.result.departures!.removedBy, 'member-commit');
  assert.deepEqual(departuresOf(fed.records).map((x) => [x.device, x.t]), departuresOf(hub.records).map((x) => [x.device, x.t]));
  assert.ok(fed.records.some((r) => r.type === 'mls' && r.op === 'commit-remove'));
  assert.ok(!fed.records.some((r) => r.type === 'mls' && r.op === 'external-proposal'));
  assertNothingReachedDeparted(fed);
  assert.ok((await assertOutOfGroup(fed)) >= 3);
  const signal = await observe('mimi-hub', { protocol: 'signal' });
  assert.equal(signal.result.departures!.removedBy, 'member-commit');
  assert.ok(signal.result.departures!.departures >= 3);
  assertNothingReachedDeparted(signal);
});

test('departures: the same seed gives the same digest; a scenario without them draws nothing new', async () => {
  const [a, b] = [(await mimiHub()).result, await runScenario(scenario(), { architecture: 'mimi-hub' })];
  assert.equal(a.digest, b.digest);
  const off = await runScenario(scenario({ workload: { oneToOne: 2, groups: { count: 2, size: { kind: 'fixed', n: 8 } }, messagesPerMemberPerMinute: 6, crossProviderShare: 0.8, churn: { addsPerGroupPerHour: 300 } } }), { architecture: 'mimi-hub' });
  assert.equal(off.departures, undefined);
  assert.notEqual(off.digest, a.digest);
});

test('workload.departures is validated: one line naming the field', () => {
  const bad = (departures: unknown) => {
    try {
      validateScenario({ name: 'x', providers: [{ id: 'provA', users: 3 }], workload: { departures } });
    } catch (e) {
      assert.ok(e instanceof ScenarioError);
      return e.problems;
    }
    assert.fail('accepted');
  };
  assert.match(bad({ perGroupPerHour: 0 }).join('\n'), /^workload\.departures\.perGroupPerHour: expected a positive number/);
  assert.match(bad({ perGroupPerHour: 1, leaveAppShare: 2 }).join('\n'), /^workload\.departures\.leaveAppShare: /);
  assert.match(bad({ perGroupPerHour: 1e9 }).join('\n'), /^workload\.departures\.perGroupPerHour: expected at most 3,600/);
  assert.match(bad({ perGroupPerHour: 1, often: true }).join('\n'), /^workload\.departures: unknown field "often"/);
});
