// Issue 17: the provider matrix's per-pair metrics in headless Chromium, on a real bridge-reencrypt run:
// a selector over summary.json's per-pair measures, each cell labelled with its pair's arrangement.
// The screenshot lands in test-artifacts/ for a person to look at.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runScenario, type RunResult } from '../../sim/runner/runScenario.ts';
import { startServer, type VizServer } from '../../viz/server.ts';
import { launchTestBrowser } from './chromium/testBrowser.ts';
import { watchedPage } from './chromium/watchedPage.ts';
import { smallScenario } from '../runner/smallScenario.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-viz-perpair-'));
let server: VizServer;
let browser: Browser;
let page: Page;
let run: RunResult;
const problems: string[] = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  run = await runScenario(smallScenario(), { architecture: 'bridge-reencrypt', outDir: join(dir, 'bridged') });
  server = await startServer({ runDirs: [join(dir, 'bridged')], log: () => {} });
  await server.ready;
  ({ browser } = await launchTestBrowser());
  page = await watchedPage(browser, { width: 1200, height: 900 }, problems);
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('the matrix shades by a per-pair measure and names each pair\'s arrangement', async () => {
  await page.goto(`${server.url}#run=r1&tab=matrix`);
  await page.waitForSelector('#view-matrix[data-ready="true"]', { timeout: 30_000 });
  const options = await page.locator('#matrix-metric option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  assert.ok(options.includes('pair:e2eePreservedPct') && options.includes('pair:latencyP95Ms') && options.includes('bytes'), options.join(','));
  await page.selectOption('#matrix-metric', 'pair:e2eePreservedPct');
  await page.waitForSelector('#matrix-svg[data-metric="pair:e2eePreservedPct"]');
  const cells = await page.locator('#matrix-svg rect.cell').evaluateAll((els) => els.map((e) => ({ from: e.getAttribute('data-from'), to: e.getAttribute('data-to'), value: e.getAttribute('data-value'), arrangement: e.getAttribute('data-arrangement') })));
  assert.equal(cells.length, 4, 'two providers, four pairs');
  for (const p of run.perPair!.pairs) {
    const c = cells.find((x) => x.from === p.from && x.to === p.to)!;
    assert.equal(c.arrangement, p.arrangement);
    assert.equal(Number(c.value), p.e2eePreservedPct, `${p.from}->${p.to}`);
  }
  const labels = await page.locator('#matrix-svg text.cell-arrangement').allTextContents();
  assert.deepEqual([...labels].sort(), ['intra', 'intra', 're-enc', 're-enc']);
  assert.match(await page.locator('.matrix-note').textContent() ?? '', /below the provider's own promise: provA \d+\.\d%/);
  await page.screenshot({ path: join(ARTIFACTS, 'viz-perpair-matrix.png'), fullPage: true });
  await page.selectOption('#matrix-metric', 'pair:latencyP50Ms');
  const lat = await page.locator('#matrix-svg rect.cell[data-from="provA"][data-to="provB"]').getAttribute('data-value');
  assert.equal(Number(lat), run.perPair!.pairs.find((p) => p.from === 'provA' && p.to === 'provB')!.latencyP50Ms);
  assert.deepEqual(problems, []);
});
