import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { cli } from './runCli.ts';

// `compare --worlds` (issue 17): worlds side by side, one row each with CIs over seeds; bad input is
// one line naming the flag or the world's file and field, exit 2.

const dir = mkdtempSync(join(tmpdir(), 'isim-worlds-'));
const world = (name: string, arrangements: object) => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      name,
      durationSeconds: 8,
      drainSeconds: 8,
      providers: [{ id: 'gk', users: 5, protocol: 'signal' }, { id: 'e1', users: 4 }, { id: 'e2', users: 3 }],
      arrangements,
      workload: { oneToOne: 3, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 0.7 },
    }),
  );
  return file;
};

test('compare --worlds: one row per world, labelled by name, with per-seed digests', () => {
  const offer = world('offer', { default: 'none', pairs: [{ between: ['gk', 'e1'], kind: 'bridge-e2ee' }, { between: ['gk', 'e2'], kind: 'bridge-e2ee' }, { between: ['e1', 'e2'], kind: 'federated' }] });
  const silo = world('silos', { default: 'none' });
  const r = cli('compare', '--worlds', `${offer},${silo}`, '--seeds', '2', '--json');
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as { rowKind: string; rows: { architecture: string; digests: string[]; metrics: Record<string, { mean: number }> }[] };
  assert.equal(out.rowKind, 'world');
  assert.deepEqual(out.rows.map((x) => x.architecture), ['offer', 'silos']);
  for (const row of out.rows) assert.equal(row.digests.length, 2);
  // The offer reaches the gatekeeper's users without a second account; silos need one.
  assert.ok(out.rows[1]!.metrics['accountsPerUser']!.mean > out.rows[0]!.metrics['accountsPerUser']!.mean);
  const text = cli('compare', '--worlds', `${offer},${silo}`, '--seeds', '2');
  assert.match(text.out, /^world\s+E2EE %/m, 'the table is headed by world, not architecture');
});

test('compare --worlds: bad input is one line, exit 2', () => {
  const bad = world('bad', { default: 'federated' });
  const r = cli('compare', '--worlds', bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /arrangements\.default: federated needs one protocol on both sides/);
  assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
  const both = cli('compare', 'default', '--worlds', bad);
  assert.equal(both.code, 2);
  assert.match(both.err, /^error: --worlds: list every world there/m);
  const archs = cli('compare', '--worlds', bad, '--architectures', 'silo');
  assert.equal(archs.code, 2);
  assert.match(archs.err, /--architectures does not apply/);
});
