// The RFC 9420 test-vector fixtures (a subset of mlswg/mls-implementations, see
// test/mls/fixtures/vectors/README.md) through the vector checker and the `mls-vectors` command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readVectorFile, runVectorFiles } from '../../sim/mlsVectors/index.ts';
import { cli } from '../cli/runCli.ts';

const DIR = new URL('../mls/fixtures/vectors/', import.meta.url).pathname;
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('every fixture file is recognised as its kind, from the fields of its cases', () => {
  assert.equal(FILES.length, 15);
  for (const f of FILES) assert.equal(readVectorFile(join(DIR, f)).kind.name, f.replace(/\.json$/, ''), f);
  // The file name plays no part: a copy under another name is recognised the same.
  const tmp = mkdtempSync(join(tmpdir(), 'vectors-'));
  copyFileSync(join(DIR, 'treekem.json'), join(tmp, 'renamed.json'));
  assert.equal(readVectorFile(join(tmp, 'renamed.json')).kind.name, 'treekem');
});

test('every fixture case passes on the native provider, all seven RFC 9420 suites included', async () => {
  const report = await runVectorFiles(FILES.map((f) => readVectorFile(join(DIR, f))));
  assert.deepEqual(report.failures, []);
  // Every case runs, the passive clients given their ratchet tree out of band included.
  assert.deepEqual(report.unsupported, []);
  assert.equal(report.totals.pass, FILES.reduce((n, f) => n + readVectorFile(join(DIR, f)).cases.length, 0));
  const suites = new Set(report.tallies.filter((t) => t.pass > 0).map((t) => t.suite));
  for (const s of ['-', 1, 2, 3, 4, 5, 6, 7] as const) assert.ok(suites.has(s), `suite ${s} has passing cases`);
});

test('mls-vectors from another directory: a table per kind and suite, the totals, exit 0', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vectors-cli-'));
  const bin = new URL('../../bin/interop-sim.mjs', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [bin, 'mls-vectors', join(DIR, 'tree-math.json'), join(DIR, 'welcome.json'), join(DIR, 'key-schedule.json')], { cwd: tmp, encoding: 'utf8' });
  const r = { code: run.status, out: run.stdout, err: run.stderr };
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^kind +file +suite +pass +fail +unsupported$/m);
  assert.match(r.out, /^welcome +welcome\.json +7 +1 +0 +0$/m);
  assert.match(r.out, /^tree-math +tree-math\.json +- +4 +0 +0$/m);
  assert.match(r.out, /^ {2}4 MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448: 2 pass, 0 fail, 0 unsupported$/m);
  assert.match(r.out, /^9 pass, 0 fail, 0 unsupported in [\d.]+ s$/m);
  // --suite keeps the cases of one suite (and those that name none).
  const one = cli('mls-vectors', '--suite', '7', join(DIR, 'welcome.json'), join(DIR, 'tree-math.json'));
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /^5 pass, 0 fail, 0 unsupported, 2 of other suites skipped in [\d.]+ s$/m);
});

test('a case whose expected value is wrong fails: named with file, case and field, exit 1', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vectors-fail-'));
  const cases = JSON.parse(readFileSync(join(DIR, 'key-schedule.json'), 'utf8')) as { epochs: { epoch_authenticator: string }[] }[];
  const a = cases[1]!.epochs[2]!;
  a.epoch_authenticator = (a.epoch_authenticator[0] === '0' ? '1' : '0') + a.epoch_authenticator.slice(1);
  writeFileSync(join(tmp, 'ks.json'), JSON.stringify(cases));
  const r = cli('mls-vectors', join(tmp, 'ks.json'));
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^ {2}FAIL ks\.json case 1 \(suite 4\): epoch 2 epoch_authenticator: got [0-9a-f]+… \(64 B\), expected [0-9a-f]+… \(64 B\)$/m);
  assert.match(r.out, /^1 pass, 1 fail, 0 unsupported in/m);
});

test('a malformed vector file is one error line naming the file and the case index, exit 2', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vectors-bad-'));
  const cases = JSON.parse(readFileSync(join(DIR, 'welcome.json'), 'utf8')) as Record<string, unknown>[];
  cases[2]!.init_priv = 'not hex';
  const file = join(tmp, 'welcome.json');
  writeFileSync(file, JSON.stringify(cases));
  const r = cli('mls-vectors', join(DIR, 'tree-math.json'), file);
  assert.equal(r.code, 2);
  assert.equal(r.out, '', 'nothing is checked before every file has been read');
  assert.equal(r.err, `error: ${file}: case 2: init_priv: expected a hex string, got "not hex"\n`);
  const missing = cli('mls-vectors', join(tmp, 'absent.json'));
  assert.equal(missing.code, 2);
  assert.equal(missing.err, `error: ${join(tmp, 'absent.json')}: cannot read (no such file)\n`);
});

test('a suite the engine cannot run is reported unsupported, by number and name, not a crash', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vectors-suite-'));
  const cases = JSON.parse(readFileSync(join(DIR, 'psk_secret.json'), 'utf8')) as { cipher_suite: number }[];
  cases[0]!.cipher_suite = 77; // ML-KEM-512: ts-mls 1.6.4 cannot run it through a path update
  cases[1]!.cipher_suite = 9; // unassigned
  writeFileSync(join(tmp, 'psk.json'), JSON.stringify(cases));
  const r = cli('mls-vectors', join(tmp, 'psk.json'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ {2}1 case: suite 77 \(MLS_128_MLKEM512_AES128GCM_SHA256_Ed25519\) is not run by the engine$/m);
  assert.match(r.out, /^ {2}1 case: suite 9 \(unknown\) is not run by the engine$/m);
  assert.match(r.out, new RegExp(`^${cases.length - 2} pass, 0 fail, 2 unsupported in`, 'm'));
});
