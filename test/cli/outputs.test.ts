import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { cli, cliIn, cliStart } from './runCli.ts';

// Everything a command writes goes under its output path, under its final name only once complete,
// and a bad output path is refused before anything runs.

const sandbox = mkdtempSync(join(tmpdir(), 'isim-outputs-'));

const tinyText = (seed: string) => `name: tiny
seed: ${JSON.stringify(seed)}
durationSeconds: 8
drainSeconds: 8
providers: [{ id: a, users: 3 }, { id: b, users: 2 }]
workload: { oneToOne: 1, groups: { count: 1, size: { kind: fixed, n: 3 } }, messagesPerMemberPerMinute: 20 }
`;
const tiny = join(sandbox, 'tiny.yaml');
writeFileSync(tiny, tinyText('1'));
// Long enough (minutes of virtual time) to be interrupted mid-run.
const long = join(sandbox, 'long.yaml');
writeFileSync(long, tinyText('1').replace('name: tiny', 'name: long').replace('durationSeconds: 8', 'durationSeconds: 900'));

/** Files under `dir` now; one a running CLI removes between the listing and its stat (its writability probe) is not listed. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f), { throwIfNoEntry: false })?.isFile() === true).sort();
}

const oneLineError = (r: { code: number | null; out: string; err: string }, pattern: RegExp) => {
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, pattern);
  assert.equal(r.err.trim().split('\n').length, 1, r.err);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
};

test('compare runs from any working directory (here the system temp folder)', () => {
  const out = join(sandbox, 'cwd-out');
  const r = cliIn(tmpdir(), 'compare', tiny, '--architectures', 'silo,federated-mls', '--seeds', '1', '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^federated-mls\s+100\.0/m);
  assert.ok(existsSync(join(out, 'runs', 'silo-1', 'trace.jsonl')));
});

test('hostile seeds never write outside --out', () => {
  // The scenario's seed and --seed take the same path (the base of the replication seeds).
  const box = join(sandbox, 'box');
  const out = join(box, '1', '2', '3', 'out');
  const hostile = join(box, 'hostile.yaml');
  mkdirSync(box);
  writeFileSync(hostile, tinyText('../../../../X'));
  const r = cliIn(box, 'compare', hostile, '--architectures', 'silo', '--seeds', '2', '--out', out);
  assert.equal(r.code, 0, r.err);
  const outside = filesUnder(box).filter((f) => !f.startsWith(relative(box, out) + '/') && f !== 'hostile.yaml');
  assert.deepEqual(outside, [], 'nothing written beside --out');
  const runs = readdirSync(join(out, 'runs'));
  assert.equal(runs.length, 2, runs.join(' '));
  for (const name of runs) {
    assert.match(name, /^silo-[A-Za-z0-9._-]*~[0-9a-f]{12}$/, name);
    assert.deepEqual(readdirSync(join(out, 'runs', name)).sort(), ['summary.json', 'topology.json', 'trace.jsonl']);
  }
  assert.ok(!existsSync(join(sandbox, 'X')) && !existsSync(join(tmpdir(), 'X')));
});

test('bad output paths are one-line errors before anything runs', () => {
  const file = join(sandbox, 'a-file');
  writeFileSync(file, 'keep');
  oneLineError(cli('run', tiny, '--out', file), /^error: --out: .*a-file is a file, not a directory/);
  // attacks checks before running its matrix (it used to fail only once every run had finished).
  oneLineError(cli('attacks', tiny, '--out', join(file, 'sub')), /^error: --out: .*a-file is a file, not a directory/);
  if (process.platform === 'linux') oneLineError(cli('run', tiny, '--out', '/proc/self'), /^error: --out: \/proc\/self is on the proc file system/);
  oneLineError(cli('report', sandbox, '-o', join(sandbox, 'missing', 'r.html')), /^error: -o: no such directory/);
  oneLineError(cli('bench', '--quick', '--json', join(sandbox, 'missing', 'b.json')), /^error: --json: no such directory/);
  assert.equal(readFileSync(file, 'utf8'), 'keep');
});

test('report on an empty trace is an error, and writes nothing', () => {
  const dir = join(sandbox, 'empty-run');
  mkdirSync(dir);
  writeFileSync(join(dir, 'trace.jsonl'), '');
  const html = join(sandbox, 'empty.html');
  oneLineError(cli('report', dir, '-o', html), /^error: empty-run\/trace\.jsonl: empty trace/);
  assert.ok(!existsSync(html));
});

/** Starts `args` in `cwd`, waits until a staged file appears under `watch`, and kills it with SIGKILL. */
async function killMidRun(watch: string, ...args: string[]): Promise<void> {
  const child = cliStart(sandbox, ...args);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (!(existsSync(watch) && filesUnder(watch).some((f) => f.includes('.partial-')))) {
    if (child.exitCode !== null) assert.fail(`${args.join(' ')} exited (${child.exitCode}) before writing anything`);
    await sleep(20);
  }
  child.kill('SIGKILL');
  await exited;
}

const snapshot = (dir: string) => Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

test('run killed with SIGKILL mid-run: the earlier complete run stays intact under the final names', async () => {
  const out = join(sandbox, 'killed-run');
  assert.equal(cli('run', tiny, '--out', out).code, 0);
  const before = snapshot(out);
  await killMidRun(out, 'run', long, '--out', out);
  const after = snapshot(out);
  for (const [f, text] of Object.entries(before)) assert.equal(after[f], text, `${f} unchanged`);
  const extra = Object.keys(after).filter((f) => !(f in before));
  assert.ok(extra.every((f) => f.startsWith('.') && f.includes('.partial-')), `only staged files beside the old run: ${extra.join(' ')}`);
  const summary = JSON.parse(after['summary.json']!);
  assert.equal(summary.traceRecords, after['trace.jsonl']!.trim().split('\n').length, 'the summary describes the trace beside it');
  assert.equal(cli('run', tiny, '--out', out).code, 0);
  assert.deepEqual(readdirSync(out).sort(), ['summary.json', 'topology.json', 'trace.jsonl'], 'the next run sweeps the dead one\'s staged files');
});

test('compare killed with SIGKILL mid-run: no partial file under a final name', async () => {
  const out = join(sandbox, 'killed-compare');
  assert.equal(cli('compare', tiny, '--architectures', 'silo', '--out', out).code, 0);
  const before = snapshot(out);
  await killMidRun(join(out, 'runs'), 'compare', long, '--architectures', 'silo,federated-mls', '--out', out);
  const after = snapshot(out);
  for (const [f, text] of Object.entries(before)) assert.equal(after[f], text, `${f} unchanged`);
  for (const f of Object.keys(after).filter((f) => !(f in before))) assert.match(f, /(^|\/)\.[^/]+\.partial-[^/]+$/, `${f} is a staged name`);
});
