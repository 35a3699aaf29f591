import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError, validateScenario } from '../../../scenarios/index.ts';
import type { GroupName } from '../../../sim/actors/protocol.ts';
import type { ArchitectureName } from '../../../sim/interop/index.ts';
import type { MlsEngine } from '../../../sim/mls/engine.ts';
import { loadEngine } from '../../../sim/mls/loadEngine.ts';
import { runScenario, type WorldContext } from '../../../sim/runner/runScenario.ts';
import type { TraceRecord } from '../../../sim/trace/index.ts';

// workload.lostState on real runs: devices restored without history rejoin their groups by external
// commit with resync (RFC 9420 §12.4.3.2); what was sent to them meanwhile ends in one outcome each.

const scenario = (extra: Record<string, unknown> = {}) =>
  validateScenario({
    name: 'lost-state',
    seed: 1,
    durationSeconds: 40,
    drainSeconds: 20,
    providers: [{ id: 'provA', users: 6 }, { id: 'provB', users: 5, devicesPerUser: 2 }, { id: 'provC', users: 5 }],
    workload: { oneToOne: 2, groups: { count: 2, size: { kind: 'fixed', n: 8 } }, messagesPerMemberPerMinute: 6, crossProviderShare: 0.8, lostState: { perDevicePerHour: 20, restoreSeconds: 3 } },
    ...extra,
  });

async function observe(architecture: ArchitectureName) {
  const records: TraceRecord[] = [];
  let ctx: WorldContext | undefined;
  const result = await runScenario(scenario(), { architecture, onWorldReady: (c) => ((ctx = c), c.world.trace.subscribe((r) => records.push(r))) });
  return { result, records, ctx: ctx! };
}

for (const architecture of ['federated-mls', 'mimi-hub'] as const) {
  test(`${architecture}: lost devices rejoin by external commit with resync; copies they could not read end undecryptable-lost-state`, async () => {
    const { result, records, ctx } = await observe(architecture);
    const engine: MlsEngine = await loadEngine('ts-mls');
    const lost = result.lostState!;
    assert.ok(lost.losses > 0 && lost.groupsLost >= 3, JSON.stringify(lost));
    assert.equal(lost.rejoins, lost.groupsLost, 'every lost group was rejoined');
    const rejoins = records.filter((r) => r.type === 'mls' && r.op === 'commit-rejoin');
    assert.ok(rejoins.length >= lost.rejoins && rejoins.every((r) => r.type === 'mls' && r.outcome === undefined));
    // One outcome each: the copies the device could not read are rejections with that reason, counted once.
    const unreadable = records.filter((r) => r.type === 'reject' && r.reason === 'undecryptable-lost-state');
    assert.equal(unreadable.length, lost.copiesLost);
    assert.ok(lost.copiesLost > 0);
    assert.equal(result.summary.rejectReasons?.['undecryptable-lost-state'], lost.copiesLost);
    // The rejoined epochs agree with every other member's (group-state checks), and no one rejected the external commits.
    assert.equal(result.mls.groupStateMismatches, 0);
    assert.equal(result.mls.handshakesRejected, 0);
    assert.equal(result.mls.decryptMismatches, 0);
    // Resync removed the old leaf: each rejoined device holds exactly one leaf, and reads again after it rejoined.
    const back = new Map<string, number>();
    for (const r of records) if (r.type === 'mls' && r.op === 'lost-state') back.set(`${r.by} ${r.group}`, r.t);
    for (const key of back.keys()) {
      const [device, group] = key.split(' ') as [string, GroupName];
      const d = ctx.devices.get(device)!;
      const state = d.groupState(group);
      if (state === undefined) continue;
      assert.equal(engine.members(state).filter((m) => m.identity === device).length, 1, `${device} has one leaf in ${group}`);
    }
    const lostDevices = new Set([...back.keys()].map((k) => k.split(' ')[0]));
    const lastLoss = Math.max(...back.values());
    assert.ok(records.some((r) => r.type === 'deliver' && lostDevices.has(r.to) && r.t > lastLoss), 'a restored device decrypts again');
  });
}

test('lostState: validated (one line naming the field); refused under protocol: signal', async () => {
  assert.throws(() => validateScenario({ name: 'x', providers: [{ id: 'a', users: 2 }], workload: { lostState: { perDevicePerHour: -1 } } }), (e: unknown) => e instanceof ScenarioError && /^workload\.lostState\.perDevicePerHour: expected a positive number/.test(e.problems[0]!));
  assert.throws(() => validateScenario({ name: 'x', providers: [{ id: 'a', users: 2 }], workload: { lostState: { perDevicePerHour: 1, restoreSeconds: 'soon' } } }), (e: unknown) => e instanceof ScenarioError && /^workload\.lostState\.restoreSeconds: /.test(e.problems[0]!));
  await assert.rejects(runScenario(scenario({ protocol: 'signal' })), (e: unknown) => e instanceof ScenarioError && e.problems.some((p) => /^workload\.lostState: devices rejoin by an MLS external commit \(resync\); not available under protocol: signal$/.test(p)));
});
