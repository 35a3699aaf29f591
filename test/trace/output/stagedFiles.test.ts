import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StagedFiles, checkOutputDir, checkOutputFile, writeFileAtomic } from '../../../sim/trace/output/index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'isim-staged-'));

test('staged files appear under their final names only at commit; the earlier files stay until then', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'trace.jsonl'), 'old trace\n');
  writeFileSync(join(dir, 'summary.json'), '"old"\n');
  const f = new StagedFiles(dir);
  writeFileSync(f.path('trace.jsonl'), 'new trace\n');
  f.write('summary.json', '"new"\n');
  assert.equal(readFileSync(join(dir, 'trace.jsonl'), 'utf8'), 'old trace\n');
  assert.equal(readFileSync(join(dir, 'summary.json'), 'utf8'), '"old"\n');
  f.commit('summary.json');
  assert.equal(readFileSync(join(dir, 'trace.jsonl'), 'utf8'), 'new trace\n');
  assert.equal(readFileSync(join(dir, 'summary.json'), 'utf8'), '"new"\n');
  assert.deepEqual(readdirSync(dir).sort(), ['summary.json', 'trace.jsonl'], 'no temporary file left');
});

test('an aborted set leaves the earlier files untouched and no temporary file', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'trace.jsonl'), 'old\n');
  const f = new StagedFiles(dir);
  f.write('trace.jsonl', '');
  f.abort();
  assert.equal(readFileSync(join(dir, 'trace.jsonl'), 'utf8'), 'old\n');
  assert.deepEqual(readdirSync(dir), ['trace.jsonl']);
});

test('an aborted writer removes the folder it created, if nothing else is in it', () => {
  const dir = join(tmp(), 'fresh');
  const f = new StagedFiles(dir);
  f.write('summary.json', '{}');
  f.abort();
  assert.ok(!existsSync(dir));
});

test('temporary files of processes that are gone are swept by the next writer in the folder', () => {
  const dir = tmp();
  const dead = join(dir, '.trace.jsonl.partial-999999999-1');
  const mine = join(dir, `.trace.jsonl.partial-${process.pid}-77`);
  writeFileSync(dead, '');
  writeFileSync(mine, '');
  writeFileSync(join(dir, 'notes.partial-999999999-1'), 'not ours: no leading dot');
  new StagedFiles(dir).abort();
  assert.deepEqual(readdirSync(dir).sort(), [`.trace.jsonl.partial-${process.pid}-77`, 'notes.partial-999999999-1']);
});

test('writeFileAtomic replaces a file whole', () => {
  const dir = tmp();
  const p = join(dir, 'r.html');
  writeFileAtomic(p, 'one');
  writeFileAtomic(p, 'two');
  assert.equal(readFileSync(p, 'utf8'), 'two');
  assert.deepEqual(readdirSync(dir), ['r.html']);
});

test('output targets: files, pseudo file systems, missing folders and non-regular names are refused', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'f'), '');
  assert.equal(checkOutputDir('--out', join(dir, 'new', 'deep'), ['a']).kind, 'ok');
  assert.ok(!existsSync(join(dir, 'new')), 'checking creates nothing');
  mkdirSync(join(dir, 'new'));
  assert.match((checkOutputDir('--out', join(dir, 'f'), []) as { problem: string }).problem, /--out: .*f is a file, not a directory/);
  assert.match((checkOutputDir('--out', join(dir, 'f', 'x'), []) as { problem: string }).problem, /f is a file, not a directory/);
  if (process.platform === 'linux') assert.match((checkOutputDir('--out', '/proc/self', []) as { problem: string }).problem, /proc file system/);
  assert.match((checkOutputDir('--out', dir, ['new']) as { problem: string }).problem, /new exists and is a directory, not a regular file/);
  assert.equal(checkOutputFile('-o', join(dir, 'x.html')).kind, 'ok');
  assert.match((checkOutputDir('--out', '', []) as { problem: string }).problem, /--out: expects a directory/);
  assert.match((checkOutputFile('-o', ' ') as { problem: string }).problem, /-o: expects a file name/);
  if (process.platform === 'linux') assert.match((checkOutputDir('--out', '/dev/null', []) as { problem: string }).problem, /is a device, not a directory/);
  assert.match((checkOutputFile('-o', join(dir, 'missing', 'x.html')) as { problem: string }).problem, /-o: no such directory/);
  assert.match((checkOutputFile('-o', join(dir, 'new')) as { problem: string }).problem, /is a directory, not a regular file/);
  assert.ok(!readdirSync(dir).some((n) => n.startsWith('.interop-sim-probe')), 'probe removed');
});
