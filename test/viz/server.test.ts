import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type VizServer } from '../../viz/server.ts';
import { writeSmallRun, type SmallRunFacts } from './fixtures/smallRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-viz-server-'));
let server: VizServer;
let facts: SmallRunFacts;

/** A raw request: the path goes on the wire exactly as given (fetch would normalise `..`). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(server.url);
  return new Promise((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = async (path: string) => {
  const r = await raw(path);
  return { status: r.status, body: JSON.parse(r.body) };
};

before(async () => {
  facts = writeSmallRun(join(dir, 'small'), { compare: true });
  writeSmallRun(join(dir, 'broken'));
  const lines = readFileSync(join(dir, 'broken', 'trace.jsonl'), 'utf8').split('\n');
  lines[41] = '{"type":"deliver","t":"soon"}';
  writeFileSync(join(dir, 'broken', 'trace.jsonl'), lines.join('\n'));
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET\n');
  server = await startServer({ runDirs: [join(dir, 'small'), join(dir, 'broken')], log: () => {} });
  await server.ready;
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('viz server API', () => {
  it('lists the runs by opaque id; a malformed trace is one error naming file and line', async () => {
    const { status, body } = await json('/api/runs');
    assert.equal(status, 200);
    assert.deepEqual(body.runs.map((r: { id: string; name: string }) => [r.id, r.name]), [['r1', 'small'], ['r2', 'broken']]);
    assert.deepEqual(body.runs[0].errors, []);
    assert.equal(body.runs[0].trace.arrows, facts.arrows);
    assert.deepEqual(body.runs[1].errors, ['broken/trace.jsonl:42: deliver.t: expected an integer, got "soon"']);
    assert.equal(body.runs[1].hasTrace, false);
    assert.doesNotMatch(JSON.stringify(body), new RegExp(dir.replace(/[/\\.]/g, '\\$&')), 'no filesystem paths leak');
    // ...and the server keeps answering, for the broken run too.
    assert.match((await json('/api/runs/r2/flow')).body.error, /no readable trace \(broken\/trace\.jsonl:42:/);
    assert.equal((await json('/api/runs/r1/flow?limit=5')).body.arrows.length, 5);
  });

  it('serves windows, details, groups, topology and compare', async () => {
    const flow = (await json(`/api/runs/r1/flow?from=0&to=${10_000_000}&limit=10000`)).body;
    assert.equal(flow.arrows.length, facts.arrows);
    const m2 = flow.arrows.find((a: { msg: string }) => a.msg === 'm2');
    const detail = (await json(`/api/runs/r1/arrows/${m2.id}`)).body;
    assert.equal(detail.hops.length, facts.hopsOf.m2);
    assert.equal((await json('/api/runs/r1/groups')).body.groups[0].name, 'g1@provA');
    assert.equal((await json('/api/runs/r1/group?name=g1%40provA')).body.commits.length, 2);
    assert.equal((await json('/api/runs/r1/topology')).body.nodes.length, 6);
    assert.equal((await json('/api/runs/r1/compare')).body.rows.length, 3);
    assert.equal((await json('/api/runs/r1/histogram?bins=3')).body.bins, 3);
  });

  it('refuses bad query parameters with 400 and a message naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/api/runs/r1/flow?from=abc', 'from: expected a non-negative integer, got "abc"'],
      ['/api/runs/r1/flow?from=-5', 'from: expected a non-negative integer, got "-5"'],
      ['/api/runs/r1/flow?to=1.5', 'to: expected a non-negative integer, got "1.5"'],
      ['/api/runs/r1/flow?limit=0', 'limit: expected an integer from 1 to 10000, got "0"'],
      ['/api/runs/r1/flow?limit=10001', 'limit: expected an integer from 1 to 10000, got "10001"'],
      ['/api/runs/r1/flow?from=9&to=3', 'to: expected an integer greater than from (9), got "3"'],
      ['/api/runs/r1/flow?from=1&from=2', 'from: expected a single value'],
      ['/api/runs/r1/flow?form=1', 'form: unknown parameter (expected from, to, limit)'],
      ['/api/runs/r1/flow?from=99999999999999999999', 'from: expected a non-negative integer, got "99999999999999999999"'],
      ['/api/runs/r1/histogram?bins=1e3', 'bins: expected an integer from 1 to 2000, got "1e3"'],
      [`/api/runs/r1/arrows/${facts.arrows}`, `n: expected an integer from 0 to ${facts.arrows - 1}, got "${facts.arrows}"`],
      ['/api/runs/r1/arrows/x', 'n: expected an integer from 0 to 55, got "x"'],
      ['/api/runs/r1/group', 'name: required'],
    ];
    for (const [path, error] of cases) {
      const r = await raw(path);
      assert.equal(r.status, 400, path);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(r.body), { error }, path);
    }
    assert.deepEqual((await json('/api/runs/r1/group?name=nope')).body, { error: 'name: no group "nope" in this run' });
    assert.equal((await json('/api/runs/r9/flow')).status, 404);
  });

  it('serves only the named directories: no path traversal', async () => {
    const attempts = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2f..%2fpackage.json',
      '/app/..%2f..%2fserver.ts',
      '/app/%2e%2e/%2e%2e/server.ts',
      '/vendor/..%2f..%2fpackage.json',
      '/api/runs/..%2F..%2Fsecret.txt/flow',
      '/api/runs/..%2Fsmall/flow',
      '/api/runs/%2Ftmp/flow',
      '/api/runs/r1%2F..%2F..%2Fsecret.txt',
      '/api/runs/r1/../../secret.txt',
      '/small/trace.jsonl',
      '/r1/trace.jsonl',
      '/.%2e/server.ts',
      '/%5c..%5cpackage.json',
    ];
    for (const path of attempts) {
      const r = await raw(path);
      assert.ok([400, 403, 404].includes(r.status), `${path} -> ${r.status}`);
      assert.doesNotMatch(r.body, /TOP SECRET|"name": "interop-sim"|startServer|"type":"hop-enqueue"/, path);
    }
  });

  it('sets security headers, answers only GET/HEAD without a body, and only to loopback host names', async () => {
    const r = await raw('/');
    assert.equal(r.status, 200);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['x-powered-by'], undefined);
    assert.equal((await raw('/api/runs', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status, 405);
    assert.equal((await raw('/api/runs', { method: 'GET', body: 'x'.repeat(100), headers: { 'content-length': '100' } })).status, 413);
    assert.equal((await raw(`/api/runs/r1/flow?from=${'1'.repeat(3000)}`)).status, 414);
    assert.equal((await raw('/api/runs', { headers: { host: 'evil.example:80' } })).status, 403);
    assert.equal((await raw('/api/runs', { headers: { host: `localhost:${new URL(server.url).port}` } })).status, 200);
    const big = await raw('/api/runs', { headers: { 'x-filler': 'y'.repeat(20_000) } });
    assert.equal(big.status, 431);
  });

  it('refuses directories that do not exist, at start', async () => {
    await assert.rejects(startServer({ runDirs: [join(dir, 'nope')] }), { name: 'RangeError', message: `run-dir: not a directory: ${join(dir, 'nope')}` });
  });
});
