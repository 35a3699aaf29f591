import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SimTime } from '../../../sim/core/index.ts';
import { conversationPcs, pcsDetail } from '../../../sim/actors/attackers/compromise/timeline.ts';
import { pcsMetricsOf } from '../../../sim/attacks/pcs/pcsStudy.ts';
import { validateScenario } from '../../../scenarios/index.ts';

const at = (s: number) => (s * 1_000_000) as SimTime;

test('recovery is the first unread message after the last one read; first unread may come earlier', () => {
  const c = conversationPcs(at(10), [
    { at: at(11), read: true },
    { at: at(12), read: false },
    { at: at(13), read: true },
    { at: at(15), read: false },
    { at: at(16), read: false },
  ], false);
  assert.deepEqual(c, { oneToOne: false, later: 5, read: 2, firstUnreadSeconds: 2, recoverySeconds: 5 });
  const still = conversationPcs(at(10), [{ at: at(11), read: false }, { at: at(12), read: true }], true);
  assert.equal(still.recoverySeconds, undefined, 'the last message was still read: not recovered');
  assert.equal(still.firstUnreadSeconds, 1);
  assert.equal(conversationPcs(at(0), [], true).later, 0);
});

test('a run\'s detail sums conversations with later messages, and the study\'s metrics are ratios of it', () => {
  const d = pcsDetail([
    { oneToOne: true, later: 4, read: 1, firstUnreadSeconds: 3, recoverySeconds: 3 },
    { oneToOne: false, later: 6, read: 6, firstUnreadSeconds: undefined, recoverySeconds: undefined },
    { oneToOne: false, later: 0, read: 0, firstUnreadSeconds: undefined, recoverySeconds: undefined },
  ]);
  assert.deepEqual(d, { conversations: 2, laterMessages: 10, readMessages: 7, recovered: 1, recoverySecondsSum: 3, firstUnread: 1, firstUnreadSecondsSum: 3, oneToOneLater: 4, oneToOneRead: 1, groupLater: 6, groupRead: 6 });
  const m = pcsMetricsOf({ kind: 'device-compromise', id: 'x', attempts: 2, successes: 2, exposed: 7, forged: 0, detections: [], detail: d });
  assert.equal(m.readShare, 0.7);
  assert.equal(m.oneToOneReadShare, 0.25);
  assert.equal(m.recoveredShare, 0.5);
  assert.equal(m.recoverySeconds, 3);
  assert.ok(Number.isNaN(pcsMetricsOf(undefined).readShare), 'nothing measured is NaN, not 0');
});

test('bad device-compromise input: one line naming the field', () => {
  const base = { name: 'x', durationSeconds: 30, providers: [{ id: 'provA', users: 8 }] };
  assert.throws(() => validateScenario({ ...base, attackers: [{ kind: 'device-compromise', atSeconds: 30 }] }), /attackers\[0\]\.atSeconds: 30 is not before the end of the workload/);
  assert.throws(() => validateScenario({ ...base, attackers: [{ kind: 'device-compromise', devices: ['provA/u9/d0'] }] }), /attackers\[0\]\.devices\[0\]: "provA\/u9\/d0" is no device/);
  assert.throws(() => validateScenario({ ...base, attackers: [{ kind: 'device-compromise', victims: 0 }] }), /attackers\[0\]\.victims/);
});
