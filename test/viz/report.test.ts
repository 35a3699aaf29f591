import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { canonicalJson } from '../../sim/trace/index.ts';
import { bundleModules } from '../../viz/bundle.ts';
import { writeReport } from '../../viz/report.ts';
import { COMPARE_FIXTURE, writeSmallRun } from './fixtures/smallRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-viz-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReport', () => {
  it('writes one self-contained file: inline scripts allowed by hash, no connections, nothing external', async () => {
    writeSmallRun(join(dir, 'run'), { compare: true });
    const out = join(dir, 'run.html');
    const { bytes } = await writeReport(join(dir, 'run'), out);
    const html = readFileSync(out, 'utf8');
    assert.equal(Buffer.byteLength(html), bytes);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replaceAll('&#39;', "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'sha256-[^']+' 'sha256-[^']+';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src/);
    assert.ok(!/<script[^>]+src=|<link[^>]+stylesheet|<img/.test(html), 'no external scripts, styles or images (the browser test checks no request is made)');
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!);
    assert.equal(data.compare.rows.length, 3);
    // The excerpt opens just before the most-exposed message (m2, read by the bridge), not at key-package setup.
    assert.equal(data.trace.mostExposed.msg, 'm2');
    assert.deepEqual(data.trace.mostExposed.readers.filter((r: { how: string }) => r.how === 'exposed').map((r: { node: string; as: string }) => [r.node, r.as]), [['bridge1', 'bridge']]);
    assert.ok(data.trace.flow.arrows.some((a: { msg: string | null }) => a.msg === 'm2'), 'the excerpt holds the exposed message');
    assert.ok(data.trace.flow.arrows.filter((a: { msg: string | null }) => a.msg !== null).length > 0);
    assert.ok(data.trace.details['m:m2'], 'its detail is stored for offline clicks');
    assert.equal(data.trace.matrix.parties[0], 'provA');
  });

  it('escapes trace text inside the data block', async () => {
    const run = join(dir, 'evil');
    mkdirSync(run);
    const msg = '</script><script>alert(1)</script>';
    writeFileSync(join(run, 'trace.jsonl'), [
      { type: 'send', t: 0, msg, from: 'a/u/d', to: ['b/u/d'], kind: 'application', bytes: 1 },
      { type: 'hop-enqueue', t: 5, env: 'e0', msg, kind: 'application', from: 'a/u/d', node: 'a', bytes: 9, payload: '00' },
    ].map((r) => canonicalJson(r)).join('\n') + '\n');
    await writeReport(run, join(dir, 'evil.html'));
    const html = readFileSync(join(dir, 'evil.html'), 'utf8');
    assert.doesNotMatch(html, /alert\(1\)<\/script>/);
    assert.match(html, /\\u003c\/script\\u003e\\u003cscript\\u003ealert\(1\)/);
  });

  it('a compare-only directory gives a report of its charts', async () => {
    mkdirSync(join(dir, 'cmp'));
    copyFileSync(COMPARE_FIXTURE, join(dir, 'cmp', 'compare.json'));
    await writeReport(join(dir, 'cmp'), join(dir, 'cmp.html'));
    const data = JSON.parse(/id="report-data">([^<]*)</.exec(readFileSync(join(dir, 'cmp.html'), 'utf8'))![1]!);
    assert.equal(data.trace, null);
    assert.equal(data.compare.scenario, 'two-providers');
  });

  it('refuses a missing directory or a malformed file with one line naming it', async () => {
    await assert.rejects(writeReport(join(dir, 'nope'), join(dir, 'x.html')), { name: 'RangeError', message: `run-dir: not a directory: ${join(dir, 'nope')}` });
    writeSmallRun(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', 'topology.json'), '{"nodes": [{"id": 3}], "links": []}');
    await assert.rejects(writeReport(join(dir, 'bad'), join(dir, 'x.html')), { name: 'RangeError', message: 'bad/topology.json: nodes[0].id: expected a string, got 3' });
  });

  it('the bundler refuses module syntax it does not understand', () => {
    const src = join(dir, 'mods');
    mkdirSync(src);
    writeFileSync(join(src, 'a.js'), "import b from './b.js';\n");
    assert.throws(() => bundleModules(join(src, 'a.js')), /bundle: a\.js:1: unsupported import form/);
    writeFileSync(join(src, 'c.js'), "export default 1;\n");
    assert.throws(() => bundleModules(join(src, 'c.js')), /bundle: c\.js:1: unsupported export form/);
  });
});
