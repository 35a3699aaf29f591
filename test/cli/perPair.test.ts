import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliIn } from './runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-cli-perpair-'));
writeFileSync(
  join(dir, 'tiny.yaml'),
  `name: tiny
durationSeconds: 10
drainSeconds: 10
architecture: bridge-reencrypt
providers: [{ id: a, users: 3 }, { id: b, users: 2 }]
workload: { oneToOne: 1, groups: { count: 1, size: { kind: fixed, n: 3 } }, messagesPerMemberPerMinute: 20, crossProviderShare: 0.8 }
`,
);

test('run prints the weakest link always, the per-pair table with --per-pair, and --json carries perPair', () => {
  const plain = cliIn(dir, 'run', 'tiny.yaml');
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.out, /weakest link messages by the weakest protection they crossed: bridge-reencrypt\/mls \d+/);
  assert.match(plain.out, /below the provider's own promise: a \d+\.\d% \(\d+\/\d+\), b /);
  assert.doesNotMatch(plain.out, /per provider pair/, 'a uniform world prints no table unless asked');
  const table = cliIn(dir, 'run', 'tiny.yaml', '--per-pair');
  assert.match(table.out, /per provider pair \(uniform world/);
  assert.match(table.out, /^a -> b\s+bridge-reencrypt\s+mls\s+\d+/m);
  assert.match(table.out, /^a -> a\s+intra\s+mls/m);
  const json = JSON.parse(cliIn(dir, 'run', 'tiny.yaml', '--json').out) as { perPair: { pairs: { from: string; to: string; copies: number }[] }; summary: { recipientsExpected: number } };
  assert.equal(json.perPair.pairs.reduce((n, p) => n + p.copies, 0), json.summary.recipientsExpected);
});
