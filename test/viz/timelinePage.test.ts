// The timeline page in real headless Chromium: a population-only timeline (small sample) written by the
// same code as `interop-sim timeline --out`, served by the viewer. One panel per variant side by side,
// phase markers, "not measured" where the protocol level did not run, no console errors. The screenshot
// lands in test-artifacts/ for a person to check.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadTimeline } from '../../sim/timeline/loadTimeline.ts';
import { runTimeline } from '../../sim/timeline/runTimeline.ts';
import { writeTimeline } from '../../sim/timeline/writeTimeline.ts';
import { startServer, type VizServer } from '../../viz/server.ts';
import { launchTestBrowser } from './chromium/testBrowser.ts';
import { watchedPage } from './chromium/watchedPage.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-timeline-page-'));
let server: VizServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const t = loadTimeline('dma-art7-meta');
  const r = await runTimeline({ ...t, spec: { ...t.spec, months: 36 } }, { seeds: 2, agents: 1500, tornado: false });
  writeTimeline(join(dir, 'tl'), r);
  server = await startServer({ runDirs: [join(dir, 'tl')], log: () => {} });
  await server.ready;
  ({ browser } = await launchTestBrowser());
  page = await watchedPage(browser, { width: 1400, height: 1000 }, problems);
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('shows every variant side by side with phase markers and bands, no console errors', async () => {
  await page.goto(`${server.url}timeline.html?series=crossReach.oneToOne`);
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.locator('#tl-panels .tl-panel').count(), 5);
  assert.deepEqual(await page.locator('#tl-panels h3').allTextContents(), ['DMA Art. 7 as scheduled (Meta\'s offer)', 'No interoperability', 'Re-encrypting bridge offer', 'MIMI mandated at designation', 'Groups delayed one year (extension)']);
  assert.ok((await page.locator('#tl-panels line.tl-marker').count()) >= 10, 'phase markers');
  assert.ok((await page.locator('#tl-panels path[fill-opacity]').count()) >= 5, 'bands');
  await page.screenshot({ path: join(ARTIFACTS, 'viz-timeline.png'), fullPage: true });
  assert.deepEqual(problems.splice(0), []);
});

it('a protocol-level series that was not run says "not measured" instead of a line', async () => {
  await page.goto(`${server.url}timeline.html?series=e2eeCrossPct`);
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.locator('#tl-panels text.tl-nm').count(), 5);
  assert.match(await page.locator('#tl-runs').textContent() ?? '', /protocol level not run/);
  assert.deepEqual(problems.splice(0), []);
});
