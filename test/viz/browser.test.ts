// The viewer and the report in real headless Chromium driven by playwright-core: a system Chrome or
// Chromium when there is one, else the one `npm ci` installed (see chromium/chooseBrowser.ts; no
// browser is ever downloaded). Screenshots land in test-artifacts/ for a person to check.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { canonicalJson } from '../../sim/trace/index.ts';
import { writeReport } from '../../viz/report.ts';
import { startServer, type VizServer } from '../../viz/server.ts';
import { launchTestBrowser } from './chromium/testBrowser.ts';
import { writeSmallRun, type SmallRunFacts } from './fixtures/smallRun.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'isim-viz-browser-'));
let server: VizServer;
let browser: Browser;
let page: Page;
let facts: SmallRunFacts;
let browserUsed = '';
const problems: string[] = [];

/** Trace text that would be live markup if it ever reached innerHTML. */
const EVIL_NODE = 'provA/<img src=x onerror="window.__pwned=1">/d0';
const EVIL_MSG = '<script>window.__pwned=2</script>';

function writeEvilRun(runDir: string): void {
  mkdirSync(runDir, { recursive: true });
  const records = [
    { type: 'send', t: 10, msg: EVIL_MSG, from: EVIL_NODE, to: ['provB/u0/d0'], kind: 'application', bytes: 10 },
    { type: 'hop-enqueue', t: 100, env: 'e0', msg: EVIL_MSG, kind: 'application', from: EVIL_NODE, node: 'provA', bytes: 50, payload: '00' },
    { type: 'hop-dequeue', t: 200, env: 'e0', node: 'provA' },
    { type: 'hop-enqueue', t: 300, env: 'e1', msg: EVIL_MSG, kind: 'application', from: 'provA', node: 'provB/u0/d0', bytes: 50, payload: '00' },
    { type: 'plaintext-observed', t: 301, msg: EVIL_MSG, by: '<b onmouseover=alert(1)>bridge</b>' },
    { type: 'deliver', t: 301, msg: EVIL_MSG, to: 'provB/u0/d0', latency: 291 },
    { type: 'mls', t: 400, op: 'commit-<i>x</i>', by: EVIL_NODE, group: '<svg onload=alert(1)>', epoch: 0, bytes: 100 },
  ];
  writeFileSync(join(runDir, 'trace.jsonl'), records.map((r) => canonicalJson(r)).join('\n') + '\n');
}

const show = async (hash: string, view: string) => {
  await page.goto(`${server.url}#${hash}`);
  await page.waitForSelector(`#view-${view}[data-ready="true"]`, { timeout: 15_000 });
};
const shot = (name: string, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `viz-${name}.png`), fullPage });
const noProblems = (where: string) => assert.deepEqual(problems.splice(0), [], `console errors in ${where}`);

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  facts = writeSmallRun(join(dir, 'small'), { compare: true });
  writeSmallRun(join(dir, 'broken'));
  const lines = readFileSync(join(dir, 'broken', 'trace.jsonl'), 'utf8').split('\n');
  lines[9] = 'not json at all';
  writeFileSync(join(dir, 'broken', 'trace.jsonl'), lines.join('\n'));
  writeEvilRun(join(dir, 'evil'));
  server = await startServer({ runDirs: [join(dir, 'small'), join(dir, 'broken'), join(dir, 'evil')], log: () => {} });
  await server.ready;
  ({ browser, describe: browserUsed } = await launchTestBrowser());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('names the browser it runs in', (t) => {
  t.diagnostic(`browser: ${browserUsed}`);
  assert.match(browser.version(), /^\d+\.\d+\./);
});

describe('viewer in headless Chromium', () => {
  it('loads a small run with no console errors; topology shows servers and device bubbles', async () => {
    await show('run=r1&tab=topology', 'topology');
    assert.deepEqual(await page.locator('#run-select option').allTextContents(), ['small', 'broken', 'evil']);
    assert.equal(await page.locator('.topology-svg g.node').count(), 6);
    assert.equal(await page.locator('.topology-svg g.edge').count(), 6);
    assert.deepEqual(await page.locator('.topology-svg g.node.kind-clients .count').allTextContents(), ['2', '2']);
    assert.match(await page.locator('.topology-svg').textContent() ?? '', /1 dropped/);
    await shot('topology');
    noProblems('topology');
  });

  it('flow: exactly one arrow per hop in the trace; clicking a message shows its hops', async () => {
    await show('run=r1&tab=flow', 'flow');
    assert.equal(await page.locator('#flow-svg g.arrow').count(), facts.arrows);
    assert.equal(await page.locator('#flow-svg g.arrow.role-application').count(), facts.appArrows);
    assert.equal(await page.locator('#flow-svg g.arrow.role-handshake').count(), facts.handshakeArrows);
    // Protection per hop: m2 is MLS ciphertext into the bridge, re-encrypted by it after.
    assert.equal(await page.locator('#flow-svg g.arrow.cls-reencrypted').count(), 2);
    assert.equal(await page.locator('#flow-svg g.arrow.cls-e2ee[data-msg="m2"]').count(), facts.hopsOf.m2! - 2);
    assert.equal(await page.locator('#flow-svg g.arrow.cls-dropped').count(), 2);
    assert.equal(await page.locator('#flow-svg g.arrow.cls-rejected').count(), 1);
    await page.locator('#flow-svg g.arrow[data-msg="m2"] path.hit').first().click();
    await page.waitForSelector('#detail table.hops');
    assert.equal(await page.locator('#detail table.hops tbody tr').count(), facts.hopsOf.m2);
    assert.equal(await page.locator('#flow-svg g.arrow.selected').count(), facts.hopsOf.m2);
    const detail = (await page.locator('#detail').textContent()) ?? '';
    assert.match(detail, /Message m2/);
    assert.match(detail, /NOT end-to-end confidential: decrypted by bridge1 \(bridge\)/);
    assert.match(detail, /bridge1 decrypted it, not an intended endpoint \(re-encrypting bridge\)/);
    await shot('flow', false);
    await page.locator('#flow-svg g.arrow[data-msg="m3"].cls-dropped path.hit').click();
    await page.waitForSelector('#detail h3:text("Message m3")');
    assert.match((await page.locator('#detail table.hops').textContent()) ?? '', /lost: loss/);
    noProblems('flow');
  });

  it('replay: scrubbing shows envelopes in flight; play advances virtual time', async () => {
    await show('run=r1&tab=replay', 'replay');
    await page.locator('#replay-scrubber').evaluate((input: HTMLInputElement) => {
      input.value = '330000';
      input.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.querySelectorAll('.dots circle.dot:not(.arrived)').length > 0);
    assert.match((await page.locator('#replay-time').textContent()) ?? '', /^0\.330000 s$/);
    await shot('replay');
    await page.click('#replay-play');
    await page.waitForFunction(() => document.getElementById('replay-time')!.textContent !== '0.330000 s');
    await page.click('#replay-play');
    noProblems('replay');
  });

  it('compare: one chart per metric, architectures side by side with 95% CI error bars', async () => {
    await show('run=r1&tab=compare', 'compare');
    assert.equal(await page.locator('svg.metric-chart').count(), 12);
    const latency = page.locator('svg.metric-chart[data-metric="latencyP50Ms"]');
    assert.equal(await latency.locator('rect.bar').count(), 3);
    assert.equal(await latency.locator('g.errorbar').count(), 3);
    assert.equal(await latency.locator('circle.seed').count(), 9);
    await shot('compare');
    noProblems('compare');
  });

  it('groups: epoch, size and commit sizes over time', async () => {
    await show('run=r1&tab=groups', 'groups');
    await page.waitForSelector('svg.group-chart');
    assert.equal(await page.locator('svg.group-chart').count(), 3);
    assert.equal(await page.locator('svg.group-chart').nth(2).locator('rect').count(), 2, 'two commits');
    await shot('groups');
    noProblems('groups');
  });

  it('a run with a malformed trace is listed with its one-line error; the other runs still work', async () => {
    await show('run=r2&tab=flow', 'flow');
    assert.deepEqual(await page.locator('#run-errors li').allTextContents(), ['broken/trace.jsonl:10: invalid JSON (Unexpected token \'o\', "not json at all" is not valid JSON)']);
    assert.match((await page.locator('#view-flow').textContent()) ?? '', /no readable trace/);
    await shot('broken');
    await show('run=r1&tab=flow', 'flow');
    assert.equal(await page.locator('#flow-svg g.arrow').count(), facts.arrows);
    noProblems('broken run');
  });

  it('trace text is always text: markup in ids never becomes elements or runs', async () => {
    for (const view of ['topology', 'flow', 'groups']) {
      await show(`run=r3&tab=${view}`, view);
      if (view === 'flow') {
        await page.locator('#flow-svg g.arrow path.hit').first().click();
        await page.waitForSelector('#detail table.hops');
        assert.match((await page.locator('#detail').textContent()) ?? '', /<script>window\.__pwned=2<\/script>/);
        await shot('markup-as-text', false);
      }
      if (view === 'groups') await page.waitForSelector('svg.group-chart');
      assert.equal(await page.evaluate(() => document.querySelectorAll('#view img, #view script, #view b, #view i, #view svg svg').length), 0, view);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    }
    assert.match((await page.locator('#view').textContent()) ?? '', /<svg onload=alert\(1\)>/);
    noProblems('markup in trace text');
  });
});

describe('report in headless Chromium', () => {
  it('opens from disk with the network off and shows its charts, topology and flow', async () => {
    const file = join(ARTIFACTS, 'report.html');
    await writeReport(join(dir, 'small'), file);
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    const p = await context.newPage();
    p.on('request', (r) => requests.push(r.url()));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`file://${file}`);
    await p.waitForSelector('svg.metric-chart');
    assert.equal(await p.locator('svg.metric-chart').count(), 12);
    assert.equal(await p.locator('.topology-svg g.node').count(), 6);
    // The excerpt opens just before the most-exposed message (m2), whose readers are shown on their own.
    assert.ok((await p.locator('#flow-svg g.arrow.role-application').count()) > 0);
    assert.match((await p.locator('#report-exposed').textContent()) ?? '', /Message m2.*decrypted by bridge1 \(bridge\)/s);
    await p.locator('#flow-svg g.arrow[data-msg="m2"] path.hit').first().click();
    assert.equal(await p.locator('#detail table.hops tbody tr').count(), facts.hopsOf.m2);
    assert.ok((await p.locator('#report-matrix svg.matrix rect.cell').count()) > 0, 'the provider matrix is drawn');
    await p.screenshot({ path: join(ARTIFACTS, 'viz-report.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [`file://${file}`], 'the report loads nothing but itself');
    await context.close();
  });
});
