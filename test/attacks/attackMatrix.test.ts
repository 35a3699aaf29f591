import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellOf } from '../../sim/attacks/attackMatrix.ts';
import { attacksCsv, cellText, formatAttacks } from '../../sim/attacks/formatAttacks.ts';
import type { AttackMatrix } from '../../sim/attacks/attackMatrix.ts';
import type { AttackResult } from '../../sim/runner/runResult.ts';

const report = (r: Partial<AttackResult>): AttackResult => ({ kind: 'k', id: 'a', attempts: 0, successes: 0, exposed: 0, forged: 0, detections: [], ...r });

test('a cell sums attempts and successes over seeds and averages exposure per run', () => {
  const c = cellOf([
    { digest: 'd1', attacks: [report({ attempts: 4, successes: 1, exposed: 10, detections: [30, 50] })] },
    { digest: 'd2', attacks: [report({ attempts: 4, successes: 3, exposed: 2, forged: 1, detections: [40], detail: { dropped: 2 } })] },
  ]);
  assert.ok(c.applicable);
  assert.equal(c.attempts, 8);
  assert.equal(c.successes, 4);
  assert.equal(c.successRate, 0.5);
  assert.equal(c.exposedPerRun, 6);
  assert.equal(c.forgedPerRun, 0.5);
  assert.equal(c.detected, 3);
  assert.equal(c.meanDetectionSeconds, 40);
  assert.equal(c.maxDetectionSeconds, 50);
  assert.deepEqual(c.detail, { dropped: 2 });
  assert.deepEqual(c.digests, ['d1', 'd2']);
  assert.equal(c.falsePositiveRate, undefined, 'no filter, no false-positive column');
});

test('filters report false positives over the legitimate messages judged, spam its mean reach', () => {
  const c = cellOf([
    { digest: 'd', attacks: [report({ attempts: 10, successes: 2, falsePositives: 1, legitimate: 20, reach: 0.25 })] },
    { digest: 'e', attacks: [report({ attempts: 10, successes: 4, falsePositives: 3, legitimate: 20, reach: 0.75 })] },
  ]);
  assert.ok(c.applicable);
  assert.equal(c.falsePositiveRate, 0.1);
  assert.equal(c.spamReach, 0.5);
  assert.equal(cellText(c), '30% reach 50% fp 10%');
});

test('nothing attempted is no success rate, shown as such rather than 0%', () => {
  const c = cellOf([{ digest: 'd', attacks: [report({})] }]);
  assert.ok(c.applicable);
  assert.ok(Number.isNaN(c.successRate));
  assert.equal(cellText(c), 'no try');
});

test('the table has one column per architecture and n/a where the attack does not apply; CSV one line per cell', () => {
  const m: AttackMatrix = {
    kind: 'interop-sim/attacks',
    scenario: 's',
    seeds: ['1'],
    architectures: ['silo', 'bridge-reencrypt'],
    rows: [
      {
        attack: 'bridge operator',
        defense: 'none',
        cells: {
          silo: { applicable: false, reason: 'no bridge' },
          'bridge-reencrypt': cellOf([{ digest: 'd', attacks: [report({ attempts: 5, successes: 5, exposed: 5, forged: 2 })] }]),
        },
      },
    ],
  };
  const table = formatAttacks(m).split('\n');
  assert.match(table[1]!, /attack\s+defense\s+silo\s+bridge-reencrypt/);
  assert.match(table[3]!, /bridge operator\s+none\s+n\/a\s+100% exp 5 forg 2/);
  const csv = attacksCsv(m).trim().split('\n');
  assert.equal(csv.length, 3);
  assert.match(csv[1]!, /^bridge operator,none,silo,false,/);
  assert.match(csv[2]!, /^bridge operator,none,bridge-reencrypt,true,1,5,5,1,5,2,/);
});
