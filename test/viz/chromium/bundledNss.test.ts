// The npm-shipped Chromium needs NSS and NSPR (libnss3, libnspr4, ...), which a fresh machine may
// lack. @sparticuz/chromium bundles them; npmChromium unpacks them and puts their folder first on the
// browser's LD_LIBRARY_PATH. These tests show the running browser maps the bundled copies, and that it
// still runs when the system's copies cannot be loaded: in a private mount namespace (nothing changes
// outside this test's processes) each system copy is covered by /dev/null, which the bare binary then
// fails on, while the browser the tests use renders a page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { npmChromium, type NpmChromium } from './npmChromium.ts';

const PROBE = new URL('./launchProbe.ts', import.meta.url).pathname;
const ROOT = new URL('../../../', import.meta.url).pathname;
const SYSTEM_LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib'];
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

interface ProbeResult {
  describe: string;
  executable: string;
  version: string;
  text: string;
  screenshotBytes: number;
  libraries: string[];
}

let c: NpmChromium;
let bundled: string[];

before(async () => {
  if (!linuxX64) return;
  c = await npmChromium();
  bundled = readdirSync(c.libDir).filter((n) => /\.so(\.|$)/.test(n));
});

/** Every system copy of a library the bundle provides (as real files, so each is covered once). */
function systemCopies(): string[] {
  const found = new Set<string>();
  const ldconfig = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  const cached = (ldconfig.stdout ?? '').split('\n').map((l) => l.split(' => ')[1]?.trim()).filter((p): p is string => !!p);
  for (const path of [...cached, ...SYSTEM_LIB_DIRS.flatMap((d) => bundled.map((n) => join(d, n)))]) {
    if (bundled.includes(basename(path)) && existsSync(path)) found.add(realpathSync(path));
  }
  return [...found].sort();
}

/** Runs a command in a private mount namespace where every path in `hide` reads as an empty file. */
function withHidden(hide: string[], command: string[], env: NodeJS.ProcessEnv = process.env) {
  const script = [...hide.map((p) => `mount --bind /dev/null '${p}' || exit 97`), 'exec "$@"'].join('\n');
  const unshare = process.getuid?.() === 0 ? ['-m'] : ['-Urm'];
  return spawnSync('unshare', [...unshare, 'sh', '-c', script, 'sh', ...command], { encoding: 'utf8', env, cwd: ROOT, timeout: 120_000 });
}

/** Why this machine cannot hide a file in a private mount namespace, if it cannot. */
function namespaceProblem(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'isim-ns-'));
  const file = join(dir, 'visible');
  writeFileSync(file, 'x');
  const r = withHidden([file], ['sh', '-c', `test ! -s '${file}'`]);
  rmSync(dir, { recursive: true, force: true });
  if (r.error) return `unshare: ${r.error.message}`;
  if (r.status !== 0) return `unshare: ${r.stderr.trim() || `exit ${r.status}`}`;
  return undefined;
}

function probe(run: (command: string[], env: NodeJS.ProcessEnv) => ReturnType<typeof spawnSync>): ProbeResult {
  const env = { ...process.env, INTEROP_SIM_CHROMIUM: 'npm' };
  const r = run([process.execPath, '--import', 'tsx', PROBE], env);
  assert.equal(r.status, 0, `probe failed:\n${String(r.stderr)}`);
  return JSON.parse(String(r.stdout).trim().split('\n').at(-1) ?? '') as ProbeResult;
}

describe('the npm-shipped Chromium brings its own NSS', { skip: !linuxX64 && 'the npm-shipped Chromium is linux-x64 only' }, () => {
  it('unpacks NSS, NSPR and expat next to the browser', () => {
    for (const lib of ['libnss3.so', 'libnssutil3.so', 'libnspr4.so', 'libplc4.so', 'libplds4.so', 'libsoftokn3.so', 'libfreeblpriv3.so', 'libexpat.so.1']) {
      assert.ok(bundled.includes(lib), `${lib} in ${c.libDir}`);
    }
  });

  it('the running browser maps every such library from the bundled folder, none from the system', () => {
    const result = probe((command, env) => spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env, cwd: ROOT, timeout: 120_000 }));
    assert.equal(result.text, 'rendered by Chromium');
    assert.ok(result.screenshotBytes > 1000);
    const shared = result.libraries.filter((p) => bundled.includes(basename(p)));
    assert.ok(shared.some((p) => basename(p) === 'libnss3.so') && shared.some((p) => basename(p) === 'libnspr4.so'), `NSS and NSPR mapped: ${shared.join(', ')}`);
    assert.deepEqual(shared.filter((p) => !p.startsWith(c.libDir + '/')), []);
  });

  it('runs where the system copies cannot be loaded (hidden in a private mount namespace)', (t) => {
    const problem = namespaceProblem();
    if (problem) return t.skip(`cannot make a private mount namespace here (${problem})`);
    const hide = systemCopies();
    t.diagnostic(hide.length ? `hidden: ${hide.join(', ')}` : 'this machine has no system copy of the bundled libraries');

    // Without the bundled folder the binary cannot even load: the hiding works.
    const bare = withHidden(hide, [c.executable, '--version'], { ...process.env, LD_LIBRARY_PATH: '' });
    if (hide.length > 0) {
      assert.notEqual(bare.status, 0, 'the bare binary should fail to load');
      assert.match(bare.stderr, /error while loading shared libraries: \S*lib(nss3|nssutil3|nspr4|plc4|plds4|expat)\S*: (file too short|cannot open shared object file)/);
    }

    // The browser as the tests launch it renders a page, with the bundled libraries.
    const result = probe((command, env) => withHidden(hide, command, env));
    assert.equal(result.text, 'rendered by Chromium');
    assert.match(result.describe, /npm-shipped Chromium/);
    assert.deepEqual(result.libraries.filter((p) => bundled.includes(basename(p)) && !p.startsWith(c.libDir + '/')), []);
  });
});
