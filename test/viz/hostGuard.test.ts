// DNS rebinding: the loopback viewer answers only requests naming it exactly (issue 13 §2). Requests
// are written byte for byte on a raw socket, so duplicate Host headers reach the server as sent.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loopbackHosts } from '../../viz/securityHeaders.ts';
import { startServer, type VizServer } from '../../viz/server.ts';
import { writeSmallRun } from './fixtures/smallRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-viz-host-'));
let server: VizServer;
let port: number;

/** Sends `headerLines` as a GET of /api/runs over a fresh socket; resolves to the status code. */
function rawGet(address: string, p: number, headerLines: readonly string[]): Promise<number> {
  return new Promise((ok, fail) => {
    const sock = connect(p, address);
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (c) => (data += c));
    sock.on('error', fail);
    sock.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m === null) fail(new Error(`no status line in ${JSON.stringify(data.slice(0, 80))}`));
      else ok(Number(m[1]));
    });
    sock.write(['GET /api/runs HTTP/1.1', ...headerLines, 'Connection: close', '', ''].join('\r\n'));
  });
}
const get = (...headers: string[]) => rawGet('127.0.0.1', port, headers);

before(async () => {
  writeSmallRun(join(dir, 'small'));
  server = await startServer({ runDirs: [join(dir, 'small')], log: () => {} });
  port = Number(new URL(server.url).port);
  await server.ready;
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('viewer host guard (DNS rebinding)', () => {
  it('answers the exact loopback names with the served port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) assert.equal(await get(`Host: ${host}`), 200, host);
  });

  it('refuses names that merely start like loopback, other ports, and no Host at all', async () => {
    const refused = [
      '127.evil.example',
      `127.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.2:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      'localhost',
      `[::1]:${port}x`,
      'evil.example',
    ];
    for (const host of refused) assert.equal(await get(`Host: ${host}`), 403, host);
    assert.equal(await get(), 400, 'HTTP/1.1 without Host is malformed (Node answers 400 before the app)');
  });

  it('refuses a request with more than one Host header, even when one of them is right', async () => {
    assert.equal(await get(`Host: 127.0.0.1:${port}`, 'Host: 127.evil.example'), 403);
    assert.equal(await get('Host: 127.evil.example', `Host: 127.0.0.1:${port}`), 403);
    assert.equal(await get(`Host: 127.0.0.1:${port}`, `host: 127.0.0.1:${port}`), 403);
  });

  it('names the allowed hosts for the bound address and port', () => {
    assert.deepEqual([...loopbackHosts('127.0.0.1', 8377)].sort(), ['127.0.0.1:8377', '[::1]:8377', 'localhost:8377']);
    assert.ok(loopbackHosts('127.0.0.5', 9000).has('127.0.0.5:9000'));
    assert.ok(loopbackHosts('::1', 9000).has('[::1]:9000'));
  });

  it('on an interface the user chose with --host, any name is answered, duplicates still refused', async () => {
    const open = await startServer({ runDirs: [join(dir, 'small')], host: '0.0.0.0', log: () => {} });
    try {
      const p = Number(new URL(open.url).port);
      assert.equal(await rawGet('127.0.0.1', p, ['Host: viewer.lab.example']), 200);
      assert.equal(await rawGet('127.0.0.1', p, ['Host: a.example', 'Host: b.example']), 403);
    } finally {
      await open.close();
    }
  });

  it('a busy port is a one-line RangeError, not a stack trace', async () => {
    await assert.rejects(startServer({ runDirs: [join(dir, 'small')], port, log: () => {} }), (e: Error) => e instanceof RangeError && /^port: \d+ on 127\.0\.0\.1 is already in use/.test(e.message));
  });
});
