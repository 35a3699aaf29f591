// A synthetic trace of 100,000 application messages (about 900,000 lines): the index is built by
// streaming in bounded memory and in seconds, and window queries stay within `limit`. Timing bounds
// are loose on purpose: these machines are shared and noisy.
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, test } from 'node:test';
import { startServer } from '../../viz/server.ts';

const MESSAGES = 100_000;
const PROVIDERS = 4;
const USERS = 50;

const dir = mkdtempSync(join(tmpdir(), 'isim-viz-large-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes canonical lines (keys sorted) directly: generating must not dominate the test. */
function writeLargeTrace(file: string): number {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let lines = 0;
  const out = (s: string) => {
    buf.push(s);
    lines++;
    if (buf.length >= 20_000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  };
  let env = 0;
  for (let m = 0; m < MESSAGES; m++) {
    // Messages 50 ms apart, each done in 46 ms: the lines come out in time order, as a run writes them.
    const t = m * 50_000;
    const pa = m % PROVIDERS, pb = (m + 1) % PROVIDERS;
    const from = `p${pa}/u${m % USERS}/d0`, to = `p${pb}/u${(m * 7) % USERS}/d0`;
    out(`{"bytes":300,"from":"${from}","kind":"application","msg":"m${m}","t":${t},"to":["${to}"],"type":"send"}`);
    const path = [from, `p${pa}`, `p${pb}`, to];
    let now = t;
    for (let h = 1; h < path.length; h++) {
      const e = `e${env++}`;
      now += 15_000;
      out(`{"bytes":520,"env":"${e}","from":"${path[h - 1]}","kind":"application","msg":"m${m}","node":"${path[h]}","payload":"00112233445566778899aabbccddeeff","t":${now},"type":"hop-enqueue"}`);
      now += 200;
      out(`{"env":"${e}","node":"${path[h]}","t":${now},"type":"hop-dequeue"}`);
    }
    out(`{"by":"${to}","msg":"m${m}","ok":true,"t":${now},"type":"decrypt"}`);
    out(`{"latency":${now - t},"msg":"m${m}","t":${now},"to":"${to}","type":"deliver"}`);
  }
  if (buf.length > 0) writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
  return lines;
}

test('100,000 messages: indexed in seconds, windows capped at limit', async () => {
  const run = join(dir, 'large');
  mkdirSync(run);
  const lines = writeLargeTrace(join(run, 'trace.jsonl'));
  writeFileSync(join(run, 'topology.json'), JSON.stringify({ nodes: Array.from({ length: PROVIDERS }, (_, i) => ({ id: `p${i}`, kind: 'provider' })), links: [] }));
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const server = await startServer({ runDirs: [run], log: () => {} });
  try {
    const [status] = await server.ready;
    const ms = performance.now() - start;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    const fileMb = statSync(join(run, 'trace.jsonl')).size / 1e6;
    console.log(`# ${lines} lines (${fileMb.toFixed(0)} MB) indexed in ${(ms / 1000).toFixed(1)} s; heap +${heapMb.toFixed(0)} MB`);
    assert.deepEqual(status!.errors, []);
    assert.ok(ms < 30_000, `indexing took ${ms} ms`);
    const get = async (path: string) => (await fetch(new URL(path, server.url))).json();
    const meta = await get('api/runs/r1');
    assert.equal(meta.trace.lines, lines);
    assert.equal(meta.trace.messages, MESSAGES);
    assert.equal(meta.trace.arrows, MESSAGES * 3);
    assert.equal(meta.trace.aggregated, true, 'devices share a lane per provider in a large run');
    assert.equal(meta.trace.lanes, PROVIDERS * 2);

    const q0 = performance.now();
    const whole = await get('api/runs/r1/flow?limit=500');
    const qms = performance.now() - q0;
    assert.equal(whole.arrows.length, 500);
    assert.equal(whole.total, MESSAGES * 3);
    assert.equal(whole.truncated, true);
    assert.ok(qms < 5_000, `a window query took ${qms} ms`);
    const [from, to] = [2_500_000_000, 2_600_000_000];
    const mid = await get(`api/runs/r1/flow?from=${from}&to=${to}&limit=1000`);
    assert.ok(mid.arrows.length > 0 && mid.arrows.length <= 1000);
    for (const a of mid.arrows) assert.ok(a.t1 >= from && a.t0 < to);
    const hist = await get('api/runs/r1/histogram?bins=100');
    assert.equal(Object.values(hist.counts as Record<string, number[]>).flat().reduce((s, v) => s + v, 0), MESSAGES * 3);
    const detail = await get(`api/runs/r1/arrows/${mid.arrows[0].id}`);
    assert.equal(detail.hops.length, 3);
  } finally {
    await server.close();
  }
});
