import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-cli-'));

const tiny = join(dir, 'tiny.yaml');
writeFileSync(
  tiny,
  `name: tiny
durationSeconds: 10
drainSeconds: 10
providers: [{ id: a, users: 3 }, { id: b, users: 2 }]
workload: { oneToOne: 1, groups: { count: 1, size: { kind: fixed, n: 3 } }, messagesPerMemberPerMinute: 20 }
`,
);

const digestOf = (out: string) => /digest\s+([0-9a-f]{64})/.exec(out)?.[1];

test('run prints a summary and a digest; same again gives the same digest, --seed 2 another', () => {
  const a = cli('run', tiny);
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /messages\s+intended \d+, sent \d+, skipped \d+/);
  const b = cli('run', tiny);
  const c = cli('run', tiny, '--seed', '2');
  assert.ok(digestOf(a.out));
  assert.equal(digestOf(a.out), digestOf(b.out));
  assert.notEqual(digestOf(a.out), digestOf(c.out));
});

test('run --json --out writes trace.jsonl and summary.json and prints parseable JSON only', () => {
  const out = join(dir, 'run1');
  const r = cli('run', tiny, '--json', '--out', out);
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  assert.match(result.digest, /^[0-9a-f]{64}$/);
  assert.ok(existsSync(join(out, 'trace.jsonl')));
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).digest, result.digest);
  assert.equal(readFileSync(join(out, 'trace.jsonl'), 'utf8').trim().split('\n').length, result.traceRecords);
});

test('validate on a broken file prints field-path errors, exits 2, no stack trace', () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: t\nproviders:\n  - { id: a, users: fast }\nnetwork: { access: { latency: { kind: normal, meanMs: x, stdDevMs: 1 } } }\n');
  const r = cli('validate', bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /providers\[0\]\.users: expected a positive integer, got "fast"/);
  assert.match(r.err, /network\.access\.latency\.meanMs: expected a number >= 0, got "x"/);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  assert.equal(cli('run', bad).code, 2);
});

test('bad flags and missing files are one-line errors with exit 2', () => {
  for (const args of [['run', '--seed', ''], ['run', 'no-such-scenario'], ['run', '../presets/default'], ['validate', 'presets/../../package'], ['validate'], ['frobnicate']]) {
    const r = cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /^error: /m);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('--version and --help on every command', () => {
  assert.match(cli('--version').out, /^\d+\.\d+\.\d+/);
  for (const c of ['run', 'validate', 'presets', 'schema']) {
    const r = cli(c, '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: interop-sim/);
  }
});

test('run shows every intended message: sent, skipped with reasons, and delivery over the sent copies', () => {
  const sparse = join(dir, 'sparse.yaml');
  writeFileSync(
    sparse,
    `name: sparse
durationSeconds: 30
drainSeconds: 10
providers: [{ id: a, users: 4, intermittentShare: 1 }, { id: b, users: 3, intermittentShare: 1 }]
workload: { oneToOne: 2, groups: { count: 1, size: { kind: fixed, n: 4 } }, messagesPerMemberPerMinute: 20 }
presence: { meanOnlineSeconds: 5, meanOfflineSeconds: 30 }
`,
  );
  const r = cli('run', sparse, '--json');
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  const { sendsAttempted: intended, sendsSkipped: skipped } = json.workload;
  assert.ok(skipped > 0);
  assert.equal(json.summary.skipped, skipped);
  const text = cli('run', sparse).out;
  const line = new RegExp(`^messages\\s+intended ${intended}, sent ${intended - skipped}, skipped ${skipped} \\((sender-offline|not-joined|left|no-recipients) \\d+`, 'm');
  assert.match(text, line);
  assert.match(text, /^copies\s+\d+ recipient copies of the sent messages: .*delivery [\d.]+% of sent copies/m);
});

test('a scenario run rejects is the same error from compare (planned before any worker starts), no stack', () => {
  const bad = join(dir, 'bad-engine.yaml');
  writeFileSync(bad, readFileSync(tiny, 'utf8').replace('name: tiny', 'name: bad-engine') + 'mls: { engine: { module: ./no-such-engine.ts } }\n');
  for (const args of [['run', bad], ['compare', bad, '--architectures', 'silo']]) {
    const r = cli(...args);
    assert.equal(r.code, 2, `${args[0]}: ${r.err}`);
    assert.match(r.err, /^error: .*bad-engine\.yaml: invalid scenario\n\s+mls\.engine\.module: cannot load .*no-such-engine\.ts/);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});
