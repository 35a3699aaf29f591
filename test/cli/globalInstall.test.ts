import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

// The command works from a global install, run from a folder that is not the project's:
// `npm install -g` of the clone itself, and of the tarball `npm pack` makes.

const ROOT = new URL('../..', import.meta.url).pathname;
const box = mkdtempSync(join(tmpdir(), 'isim-global-'));
// Two installs with their dependencies: about 100 MB, removed afterwards.
after(() => rmSync(box, { recursive: true, force: true }));
const elsewhere = join(box, 'elsewhere');
mkdirSync(elsewhere);
writeFileSync(
  join(elsewhere, 'tiny.yaml'),
  `name: tiny
durationSeconds: 8
drainSeconds: 8
providers: [{ id: a, users: 3 }, { id: b, users: 2 }]
workload: { oneToOne: 1, groups: { count: 1, size: { kind: fixed, n: 3 } }, messagesPerMemberPerMinute: 20 }
`,
);

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

/** The installed command, run from `elsewhere`: a run, then a compare on worker threads (they load tsx themselves). */
function exercise(bin: string, tag: string, compare: boolean): void {
  const run = sh(bin, ['run', 'tiny.yaml'], elsewhere);
  assert.equal(run.code, 0, `${tag} run: ${run.err}`);
  assert.match(run.out, /^digest\s+[0-9a-f]{64}$/m);
  if (!compare) return;
  const cmp = sh(bin, ['compare', 'tiny.yaml', '--architectures', 'silo,federated-mls', '--out', join(box, `${tag}-compare`)], elsewhere);
  assert.equal(cmp.code, 0, `${tag} compare: ${cmp.err}`);
  assert.match(cmp.out, /^federated-mls\s+100\.0/m);
}

// (compare from another folder in the clone itself is test/cli/outputs.test.ts.)
test('npm install -g of the clone: the installed command works from another folder', () => {
  const prefix = join(box, 'clone-prefix');
  const inst = sh('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', ROOT], box);
  assert.equal(inst.code, 0, inst.err);
  exercise(join(prefix, 'bin', 'interop-sim'), 'clone', false);
});

test("npm install -g of npm pack's tarball: it holds what the commands need and nothing else, and works", (t) => {
  const pack = sh('npm', ['pack', '--json', '--pack-destination', box], ROOT);
  assert.equal(pack.code, 0, pack.err);
  const [info] = JSON.parse(pack.out) as { filename: string; files: { path: string }[] }[];
  const files = info!.files.map((f) => f.path);
  for (const needed of ['bin/interop-sim.mjs', 'sim/cli/main.ts', 'sim/cells/cellThread.ts', 'scenarios/presets/default.yaml', 'viz/public/index.html', 'bench/mlsBench.ts', 'docs/README.md', 'package.json'])
    assert.ok(files.includes(needed), `tarball has ${needed}`);
  assert.deepEqual(files.filter((f) => /^(test|scripts|node_modules)\//.test(f) || f.endsWith('.jsonl')), [], 'no tests, dev scripts or run output');
  const tarball = join(box, info!.filename);
  const prefix = join(box, 'tarball-prefix');
  const args = ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball];
  // --offline: npm makes no network request at all, everything comes from the npm cache. npm ci caches
  // the tarballs but not the registry's metadata, which a tarball install needs to resolve its
  // dependencies: when that is missing, fetch only the metadata (--prefer-offline), once per cache.
  let inst = sh('npm', [...args, '--offline'], box);
  if (inst.code !== 0 && /ENOTCACHED/.test(inst.err)) {
    t.diagnostic('npm cache lacks registry metadata for an offline install: installing with --prefer-offline (tarballs from the cache)');
    inst = sh('npm', [...args, '--prefer-offline'], box);
  } else t.diagnostic('installed with --offline: no network used');
  assert.equal(inst.code, 0, inst.err);
  assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'interop-sim', 'node_modules')) || readdirSync(join(prefix, 'lib', 'node_modules')).includes('tsx'), 'dependencies installed');
  exercise(join(prefix, 'bin', 'interop-sim'), 'tarball', true);
});
