import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './runCli.ts';
import { withoutWallClock } from './withoutWallClock.ts';

// compare, attacks and pcs run their cells on the local cell pool (sim/cells): whatever order the cells
// finish in, the study printed is the same, byte for byte, but for what is measured in wall-clock time
// (compare's crypto milliseconds per message and per multi-protocol user).
const dir = mkdtempSync(join(tmpdir(), 'isim-same-'));
const tiny = join(dir, 'tiny.yaml');
writeFileSync(
  tiny,
  `name: tiny
durationSeconds: 10
drainSeconds: 8
providers: [{ id: a, users: 4 }, { id: b, users: 3 }]
workload: { oneToOne: 2, groups: { count: 1, size: { kind: fixed, n: 3 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 1 }
`,
);

const studies: Record<string, string[]> = {
  compare: ['compare', tiny, '--architectures', 'federated-mls,bridge-reencrypt', '--seeds', '2'],
  attacks: ['attacks', tiny, '--attacks', 'metadata observer,bridge operator: alter', '--architectures', 'federated-mls,bridge-reencrypt'],
  pcs: ['pcs', tiny, '--protocol', 'signal', '--seeds', '2', '--duration', '12', '--at', '4', '--victims', '2'],
};

for (const [name, args] of Object.entries(studies)) {
  test(`${name}: the same study, byte for byte, on one thread and on two`, () => {
    const one = cli(...args, '--workers', '1', '--json');
    const two = cli(...args, '--workers', '2', '--json');
    assert.equal(one.code, 0, one.err);
    assert.equal(two.code, 0, two.err);
    assert.ok(one.out.length > 100);
    assert.equal(withoutWallClock(two.out), withoutWallClock(one.out));
    if (name !== 'compare') assert.equal(two.out, one.out);
  });
}
