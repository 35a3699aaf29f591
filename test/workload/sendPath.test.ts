import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams } from '../../sim/core/index.ts';
import { conversationOf } from '../../sim/actors/conversation.ts';
import type { GroupName } from '../../sim/actors/protocol.ts';
import { userOfDevice } from '../../sim/actors/world.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import type { BuiltWorld } from '../../sim/runner/buildWorld.ts';
import { drawFiller } from '../../sim/workload/workload.ts';
import { smallScenario } from '../runner/smallScenario.ts';

const FILLER = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

test('drawFiller makes the characters one draw each, as concatenating one character per draw did, and leaves the stream where it did', () => {
  for (const n of [0, 1, 2, 61, 62, 400, 1023, 1024, 1025, 5000]) {
    const a = new RandomStreams('filler').stream(`s${n}`);
    const b = new RandomStreams('filler').stream(`s${n}`);
    let old = '';
    while (old.length < n) old += FILLER[a.index(FILLER.length)];
    assert.equal(drawFiller(b, n), old, String(n));
    assert.equal(b.next(), a.next(), `stream position after ${n}`);
  }
  assert.equal(drawFiller(new RandomStreams('x').stream('y'), -3), '');
});

test('every message the workload sends comes from an online device of an intended member, in the group it has joined, through churn', async () => {
  const s = smallScenario({
    providers: [
      { id: 'provA', users: 5, devicesPerUser: { min: 1, max: 2 }, intermittentShare: 0.5 },
      { id: 'provB', users: 4, intermittentShare: 0.5 },
    ],
    presence: { meanOnlineSeconds: 8, meanOfflineSeconds: 4 },
  });
  let checked = 0;
  const problems: string[] = [];
  await runScenario(s, {
    onWorldReady: (ctx) => {
      const { devices, workload } = ctx as BuiltWorld;
      for (const d of devices.values()) {
        const send = d.sendApplication.bind(d);
        d.sendApplication = (group: GroupName, msg, plaintext) => {
          checked++;
          const intended = [...workload.intended(conversationOf(group))].some((u) => u.id === userOfDevice(d.id));
          if (!d.isOnline || !d.isMember(group) || !intended) problems.push(`${msg} from ${d.id} in ${group}: online ${d.isOnline}, member ${d.isMember(group)}, intended ${intended}`);
          return send(group, msg, plaintext);
        };
      }
    },
  });
  assert.ok(checked > 50, String(checked));
  assert.deepEqual(problems, []);
});
