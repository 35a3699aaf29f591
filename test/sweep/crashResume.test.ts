// The sweep engine as users run it, in child processes, each test with its own embedded PostgreSQL:
// an uninterrupted run; a run whose worker is killed mid-cell and whose coordinator is killed, then
// started again; and two `worker` processes sharing one sweep (the first held still until the second
// has finished a cell, so both take part on any machine). The cells' digests must all agree.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const BIN = new URL('../../bin/interop-sim.mjs', import.meta.url).pathname;
const SWEEP = new URL('../fixtures/sweeps/tiny.yaml', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-sweep-'));
chmodSync(dir, 0o755); // as root, the embedded server runs as `postgres` and must be able to enter it

const start = (...args: string[]): ChildProcess => spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
const runToEnd = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

async function until<T>(what: string, f: () => T | undefined, ms = 120_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 100) {
    const v = f();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** point/seed -> [digest, worker] from the cells.csv a finished sweep wrote. */
function cellsOf(out: string): Map<string, { digest: string; worker: string }> {
  const [head, ...lines] = readFileSync(join(out, 'cells.csv'), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const m = new Map<string, { digest: string; worker: string }>();
  for (const l of lines) {
    const v = l.split(',');
    const key = `${v[0]}/${v[1]}`;
    assert.ok(!m.has(key), `cell ${key} appears twice`);
    m.set(key, { digest: v[cols.indexOf('digest')]!, worker: v[cols.indexOf('worker')]! });
  }
  return m;
}

const digests = (m: Map<string, { digest: string }>) => Object.fromEntries([...m].map(([k, v]) => [k, v.digest]).sort());

let reference: Record<string, string> | undefined;
function referenceRun(): Record<string, string> {
  if (reference) return reference;
  const out = join(dir, 'reference');
  const r = runToEnd('sweep', SWEEP, '--out', out, '--workers', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /8 cells done, 0 failed/);
  const ref = digests(cellsOf(out));
  assert.equal(Object.keys(ref).length, 8);
  reference = ref;
  return ref;
}

/** A coordinator that only enqueues and watches (--workers 0), and the database URL it started. */
async function coordinator(out: string, sweep = SWEEP): Promise<{ proc: ChildProcess; url: string }> {
  const proc = start('sweep', sweep, '--out', out, '--workers', '0');
  const urlFile = join(out, 'db', 'url');
  const url = await until('the embedded database', () => (existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() || undefined : undefined));
  return { proc, url };
}

/** Resolves with the worker's output once a line matches. */
function waitForLine(c: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    c.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (re.test(buf)) resolve(buf);
    });
    c.once('exit', () => reject(new Error(`worker exited before ${re}: ${buf}`)));
  });
}

test('kill -9 a worker mid-cell and the coordinator, run the same command again: one row per cell, the same digests as an uninterrupted run', { timeout: 600_000 }, async () => {
  const ref = referenceRun();
  const out = join(dir, 'crashed');
  const coord = await coordinator(out);
  const worker = start('worker', '--database', coord.url);
  // One cell finished, the next one started: kill it there.
  const log = await waitForLine(worker, /done [0-9a-f]{12}[\s\S]*started\n/);
  worker.kill('SIGKILL');
  await exited(worker);
  const keptCell = /cell (\d+\/\S+) done/.exec(log)![1]!;
  coord.proc.kill('SIGKILL');
  await exited(coord.proc);

  // The same command again (with local workers this time): the killed cell's job expires and reruns.
  const again = runToEnd('sweep', SWEEP, '--out', out, '--workers', '2');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /8 cells done, 0 failed/);
  const cells = cellsOf(out);
  assert.deepEqual(digests(cells), ref);
  assert.equal(cells.get(keptCell)!.worker.endsWith(`:${worker.pid}`), true, 'the cell finished before the crash is kept, not redone');
});

test('two worker processes against one database share a sweep: each cell once, same digests', { timeout: 600_000 }, async () => {
  const ref = referenceRun();
  const out = join(dir, 'shared');
  // The same sweep with a cell timeout long enough that a worker held still below keeps its cell.
  const patient = join(dir, 'tiny-patient.yaml');
  writeFileSync(
    patient,
    readFileSync(SWEEP, 'utf8')
      .replace(/^base: (.+)$/m, (_, base: string) => `base: ${join(dirname(SWEEP), base)}`)
      .replace(/^cellTimeoutSeconds: \d+$/m, 'cellTimeoutSeconds: 300'),
  );
  const coord = await coordinator(out, patient);
  // Both workers take part whatever the machine's load: the first is held still (SIGSTOP) once it
  // has finished a cell, until the second has finished one; left to race, a tiny sweep can be done
  // by the first before the second has started.
  const texts = ['', ''];
  const first = start('worker', '--database', coord.url, '--exit-when-done');
  first.stdout!.on('data', (d: Buffer) => (texts[0] += d.toString()));
  await waitForLine(first, /done [0-9a-f]{12}/);
  first.kill('SIGSTOP');
  const second = start('worker', '--database', coord.url, '--exit-when-done');
  second.stdout!.on('data', (d: Buffer) => (texts[1] += d.toString()));
  try {
    await waitForLine(second, /done [0-9a-f]{12}/);
  } finally {
    first.kill('SIGCONT');
  }
  const codes = await Promise.all([first, second].map(exited));
  assert.deepEqual(codes, [0, 0], texts.join('\n'));
  assert.equal(await exited(coord.proc), 0);
  const cells = cellsOf(out);
  assert.deepEqual(digests(cells), ref);
  const by = new Set([...cells.values()].map((c) => c.worker));
  assert.equal(by.size, 2, `cells by ${[...by].join(', ')}`);
});

test('a worker refuses a sweep planned by another code version: aloud when serving all sweeps, exit 2 when started for it; a second coordinator on the same folder is refused', { timeout: 300_000 }, async () => {
  const out = join(dir, 'versions');
  const coord = await coordinator(out);
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: coord.url });
  await client.connect();
  try {
    const id = await until('the sweep row', () => (existsSync(join(out, 'db', 'url')) ? 'ok' : undefined)).then(async () => {
      for (;;) {
        const r = await client.query(`SELECT id FROM interop_sim.sweeps`).catch(() => ({ rows: [] as { id: string }[] }));
        if (r.rows[0]) return r.rows[0].id as string;
        await sleep(100);
      }
    });
    await client.query(`UPDATE interop_sim.sweeps SET code_version = 'another-version' WHERE id = $1`, [id]);
    const any = start('worker', '--database', coord.url);
    const said = await waitForLine(any, /refusing sweep tiny/);
    assert.match(said, new RegExp(`refusing sweep tiny \\(${id}\\): made by code version another-version, this worker runs \\S+`));
    any.kill('SIGTERM');
    await exited(any);
    const only = runToEnd('worker', '--database', coord.url, '--sweep', id);
    assert.equal(only.status, 2);
    assert.match(only.stderr, /^error: sweep tiny \(\w+\) was planned by code version another-version; this worker runs /m);
    // Started the way a coordinator starts its local workers (an IPC channel open): it still exits,
    // so the coordinator sees it go instead of waiting for it forever.
    const local = spawn(process.execPath, [BIN, 'worker', '--database', coord.url, '--sweep', id, '--exit-when-done', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let localErr = '';
    local.stderr!.on('data', (d: Buffer) => (localErr += d.toString()));
    const timer = setTimeout(() => local.kill('SIGKILL'), 120_000);
    assert.equal(await exited(local), 2, `a refusing local worker exits 2 (${localErr.trim()})`);
    clearTimeout(timer);
    assert.match(localErr, /was planned by code version another-version/);
    const second = runToEnd('sweep', SWEEP, '--out', out);
    assert.equal(second.status, 2, 'a second coordinator on the same folder would stop the first one\'s server');
    assert.match(second.stderr, /^error: embedded database: .* is in use by another sweep \(pid \d+\)/m);
    const r = await client.query(`SELECT count(*)::int AS n FROM interop_sim.results`);
    assert.equal(r.rows[0].n, 0, 'no cell of the other version was run');
  } finally {
    await client.end();
    coord.proc.kill('SIGINT');
    await exited(coord.proc);
  }
});
