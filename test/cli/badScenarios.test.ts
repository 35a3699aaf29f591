import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { ScenarioError, loadScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';

// Every bad input of issue 12 §4 (items 1, 2, 5, 9): `validate` exits 2 with one line naming the field,
// and `run` refuses with the same line, both naming the file, neither with a stack trace.

const BIN = new URL('../../bin/interop-sim.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-bad-'));

/** `cli` of runCli.ts, asynchronous, so the cases below run two at a time. */
function cliAsync(...args: string[]): Promise<{ code: number | null; err: string; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

type Doc = Record<string, any>;
const base = (): Doc => ({
  name: 'bad',
  durationSeconds: 5,
  drainSeconds: 5,
  providers: [{ id: 'provA', users: 3 }, { id: 'provB', users: 3 }, { id: 'provC', users: 2 }],
  workload: { oneToOne: 2, groups: { count: 1, size: { kind: 'fixed', n: 3 } }, messagesPerMemberPerMinute: 10 },
});

const notAnEngine = join(dir, 'not-an-engine.mjs');
writeFileSync(notAnEngine, "export default { name: 'half', ciphersuites: [] };\n");

/** name, mutation, the one line expected (field path first). */
const CASES: [string, (s: Doc) => void, RegExp][] = [
  ['unknown suite in mls.ciphersuites', (s) => (s.mls = { ciphersuites: [1, 999] }), /^ {2}mls\.ciphersuites\[1\]: ciphersuite 999 is not supported by the ts-mls engine \(supported: 1, /m],
  ['unknown suite of a provider', (s) => (s.providers[0].ciphersuites = [999]), /^ {2}providers\[0\]\.ciphersuites\[0\]: ciphersuite 999 is not supported/m],
  ['unknown suite in a client upgrade', (s) => (s.content = { clients: { provA: { upgrades: [{ ciphersuites: [4242], curve: { kind: 'forced', at: 1 } }] } } }), /^ {2}content\.clients\.provA\.upgrades\[0\]\.ciphersuites\[0\]: ciphersuite 4242 is not supported/m],
  ['lognormal sigma 1000', (s) => (s.network = { interProvider: { latency: { kind: 'lognormal', medianMs: 20, sigma: 1000 } } }), /^ {2}network\.interProvider\.latency\.sigma: expected at most 3, got 1000$/m],
  ['provider id over 253 characters', (s) => (s.providers[0].id = 'p'.repeat(254)), /^ {2}providers\[0\]\.id: expected a name of at most 253 characters, got "p+\.\.\.$/m],
  ['provider id ending in a dash', (s) => (s.providers[0].id = 'provA-'), /^ {2}providers\[0\]\.id: expected letters, digits, '\.', '_' or '-' \(not first or last\), got "provA-"$/m],
  ['chain naming a provider twice', (s) => (s.network = { topology: { kind: 'chain', order: ['provA', 'provB', 'provA'] } }), /^ {2}network\.topology\.order\[2\]: "provA" is already at order\[0\]; a chain names each node once$/m],
  ['explicit edges a-b and b-a', (s) => (s.network = { topology: { kind: 'explicit', edges: [{ a: 'provA', b: 'provB' }, { a: 'provB', b: 'provA' }] } }), /^ {2}network\.topology\.edges\[1\]: links provB-provA again \(edges\[0\]\); a link carries both directions$/m],
  ['engine module that does not load', (s) => (s.mls = { engine: { module: './no-such-engine.ts' } }), /^ {2}mls\.engine\.module: cannot load .*no-such-engine\.ts/m],
  ['engine module lacking functions', (s) => (s.mls = { engine: { module: notAnEngine } }), /^ {2}mls\.engine\.module: .*not-an-engine\.mjs is not an MlsEngine, missing createMember/m],
  ['attacker naming a missing provider', (s) => (s.attackers = [{ kind: 'malicious-provider', provider: 'provZ' }]), /^ {2}attackers\[0\]\.provider: "provZ" names no provider$/m],
  ['adversary on a link the topology lacks', (s) => ((s.network = { topology: { kind: 'chain', order: ['provA', 'provB', 'provC'] } }), (s.attackers = [{ kind: 'network-adversary', a: 'provA', b: 'provC' }])), /^ {2}attackers\[0\]: no link provA-provC in the network under federated-mls$/m],
  ['observer at a node the architecture lacks', (s) => (s.attackers = [{ kind: 'metadata-observer', at: 'bridge' }]), /^ {2}attackers\[0\]\.at: "bridge" is no node of the network under federated-mls \(nodes: provA, provB, provC, discovery\)$/m],
  ['uniform latency with min > max', (s) => (s.network = { access: { latency: { kind: 'uniform', minMs: 10, maxMs: 1 } } }), /^ {2}network\.access\.latency\.maxMs: must be >= minMs \(10\), got 1$/m],
  ['target that does not exist', (s) => (s.attackers = [{ kind: 'key-substituting-directory', at: 'provA', users: ['u99@provA'] }]), /^ {2}attackers\[0\]\.users\[0\]: "u99@provA" is no user of the scenario \(provA has u0 to u2\)$/m],
  ['outage of a link the topology lacks', (s) => ((s.network = { topology: { kind: 'chain', order: ['provA', 'provB', 'provC'] }, outages: [{ kind: 'link', a: 'provA', b: 'provC', fromSeconds: 1, toSeconds: 2 }] })), /^ {2}network\.outages\[0\]: no link provA-provC in the network under federated-mls$/m],
  ['a declared node no link reaches', (s) => (s.nodes = [{ id: 'gw', kind: 'gateway' }]), /^ {2}nodes\[0\]\.id: "gw" has no link under network\.topology \(full-mesh links providers only\); link it with hub-and-spoke, chain or explicit edges$/m],
  ['provider named like the discovery node', (s) => (s.providers[1].id = 'discovery'), /^ {2}providers\[1\]\.id: "discovery" is reserved for the discovery service \(interop\.discoveryNode\)/m],
  ['1e9 users', (s) => (s.providers[0].users = 1e9), /^ {2}providers\[0\]\.users: expected at most 1,000,000, got 1000000000$/m],
  ['1,000 devices per user', (s) => (s.providers[0].devicesPerUser = 1000), /^ {2}providers\[0\]\.devicesPerUser: expected at most 32, got 1000$/m],
  ['1e6 messages per minute', (s) => (s.workload.messagesPerMemberPerMinute = 1e6), /^ {2}workload\.messagesPerMemberPerMinute: expected at most 600, got 1000000$/m],
  ['an update period of 1 microsecond', (s) => (s.workload.updatePeriodSeconds = 1e-6), /^ {2}workload\.updatePeriodSeconds: expected 0 \(never\) or at least 0\.1 s, got 0\.000001$/m],
  ['a duration of 1e12 s', (s) => (s.durationSeconds = 1e12), /^ {2}durationSeconds: expected at most 10,000,000, got 1000000000000$/m],
  ['1e9-byte messages', (s) => (s.workload.messageBytes = { min: 10, max: 1e9 }), /^ {2}workload\.messageBytes\.max: expected at most 1,048,576, got 1000000000$/m],
  ['a million devices (within each bound)', (s) => (s.providers[0].users = 1e6), /^ {2}providers: at least 1,000,\d{3} devices exceed the limit of 100,000 \(about 30 KB of MLS state each\)/m],
  ['a run too big to finish (within each bound)', (s) => ((s.providers = [{ id: 'provA', users: 1000 }, { id: 'provB', users: 1000 }]), (s.durationSeconds = 1e4), (s.workload = { oneToOne: 1000, groups: { count: 0, size: { kind: 'fixed', n: 2 } }, messagesPerMemberPerMinute: 600, messageBytes: { min: 1, max: 1 } })),
    /^ {2}\(run\): about 2\.\d\de9 events \(2,000 devices, 2\.00e8 messages\) exceed the limit of 1\.00e8: shorten durationSeconds, lower rates or sizes, or raise the limit with --max-events$/m],
];

const files = CASES.map(([name, mutate], i) => {
  const s = base();
  mutate(s);
  const file = join(dir, `case${i}.yaml`);
  writeFileSync(file, stringify(s));
  return { name, file };
});

// One `validate` over every file (it takes several), then each case checks its own block.
let batch: Promise<{ code: number | null; err: string; out: string }> | undefined;
const validated = () => (batch ??= cliAsync('validate', ...files.map((f) => f.file)));
const blockOf = (err: string, file: string): string => {
  const lines = err.split('\n');
  const at = lines.indexOf(`error: ${file}: invalid scenario`);
  if (at < 0) return '';
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => !l.startsWith('  '));
  return [lines[at], ...rest.slice(0, end < 0 ? rest.length : end)].join('\n');
};

test('validate over all of them exits 2, says how many are invalid, and prints no stack', async () => {
  const r = await validated();
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, new RegExp(`^error: ${CASES.length} of ${CASES.length} scenarios are invalid$`, 'm'));
  assert.doesNotMatch(r.err, /\n\s+at /);
  assert.equal(r.out, '');
});

CASES.forEach(([name, , line], i) => {
  test(`bad input: ${name}: validate names the file and the field in one line; run refuses with the same line`, async () => {
    const { file } = files[i]!;
    const block = blockOf((await validated()).err, file);
    assert.match(block, line, `${name}: validate printed\n${block}`);
    assert.equal(block.split('\n').length, 2, `${name}: exactly one problem\n${block}`);
    // run plans the same way before building anything: the same ScenarioError, the same line.
    await assert.rejects(async () => runScenario(loadScenario(file), { source: file }), (e: unknown) => e instanceof ScenarioError && e.source === file && `  ${e.problems.join('\n  ')}` === block.split('\n')[1]);
  });
});

test('run on the command line refuses with the same line and no stack (an unknown suite, an engine that is no engine)', async () => {
  for (const i of [0, 9]) {
    const { file } = files[i]!;
    const r = await cliAsync('run', file);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err.trim(), blockOf((await validated()).err, file));
    assert.equal(r.out, '');
  }
});

test('YAML .nan and .inf are reported as NaN and Infinity, not null', async () => {
  const file = join(dir, 'nan.yaml');
  writeFileSync(file, 'name: t\ndurationSeconds: .inf\ndrainSeconds: .nan\nproviders: [{ id: a, users: 2 }, { id: b, users: 2 }]\n');
  const r = await cliAsync('validate', file);
  assert.equal(r.code, 2);
  assert.match(r.err, /^ {2}durationSeconds: expected a positive number, got Infinity$/m);
  assert.match(r.err, /^ {2}drainSeconds: expected a number >= 0, got NaN$/m);
  assert.doesNotMatch(r.err, /null/);
});

test('a scenario that validates reports its estimate; --max-events lowers the limit for validate and run alike', async () => {
  const good = await cliAsync('validate', 'default');
  assert.equal(good.code, 0, good.err);
  assert.match(good.out, /^ok: default \(scenario default: 4 providers, 70 users, \d+ devices; about [\d,]+ events under federated-mls\)$/m);
  for (const cmd of ['validate', 'run']) {
    const r = await cliAsync(cmd, 'default', '--max-events', '1000');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^error: .*default\.yaml: invalid scenario\n {2}\(run\): about [\d,]+ events \(\d+ devices, [\d,]+ messages\) exceed the limit of 1,000/);
  }
});
