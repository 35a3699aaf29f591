// The viewer's sweep page in real headless Chromium: a sweep folder (results.json as `sweep` writes it,
// built here by sweepResult from cell rows; progress.json; one kept run) served by `serve`. Progress,
// one chart per metric and parameter with each point's 95% interval, failed cells, the cell table,
// and a kept cell opening its run; a running sweep's page follows progress.json as it changes.
// Screenshot: test-artifacts/viz-sweep.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ResultRow } from '../../sim/sweep/store.ts';
import { sweepResult } from '../../sim/sweep/sweepResult.ts';
import { writeSweepStatus } from '../../sim/sweep/sweepStatus.ts';
import { startServer, type VizServer } from '../../viz/server.ts';
import { launchTestBrowser } from './chromium/testBrowser.ts';
import { watchedPage } from './chromium/watchedPage.ts';
import { writeSmallRun } from './fixtures/smallRun.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-viz-sweep-'));
let server: VizServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const LOSS = [0, 0.05, 0.1];
const SEEDS = ['1', '2', '3'];

/** Cells of a made-up sweep: delivery falls with loss, latency rises; one cell (point 2, seed 3) failed. */
function cells(upTo: number): ResultRow[] {
  const rows: ResultRow[] = [];
  LOSS.forEach((loss, point) =>
    SEEDS.forEach((seed, i) => {
      if (point === 2 && seed === '3') return;
      if (rows.length >= upTo) return;
      rows.push({
        point, seed, codeVersion: '0.1.0+test', scenarioHash: `h${point}`, params: { 'network.access.loss': loss },
        metrics: { deliveryRatio: 1 - loss * (1.5 + 0.2 * i), latencyP95Ms: 80 + 900 * loss + 7 * i },
        digest: `${point}${seed}`.padEnd(64, 'a'), runMs: 1000, worker: 'test:1',
      });
    }),
  );
  return rows;
}

function writeSweep(out: string, upTo: number, state: 'running' | 'finished'): void {
  mkdirSync(out, { recursive: true });
  const rows = cells(upTo);
  const failed = state === 'finished' ? [{ point: 2, seed: '3', error: 'faulty engine (test fixture): createMember always fails', attempts: 3 }] : [];
  const r = sweepResult({ name: 'loss', id: 'abcdef0123456789', codeVersion: '0.1.0+test', parameters: ['network.access.loss'], metrics: ['deliveryRatio', 'latencyP95Ms'] }, rows, failed);
  writeFileSync(join(out, 'results.json'), JSON.stringify(r, null, 2));
  writeSweepStatus(out, { name: 'loss', id: 'abcdef0123456789', startedAt: new Date(0).toISOString(), total: 9, done: rows.length, failed: failed.length, active: state === 'running' ? 2 : 0, state });
}

const show = async (hash: string) => {
  await page.goto(`${server.url}#${hash}`);
  await page.waitForSelector('#view-sweep[data-ready="true"]', { timeout: 15_000 });
};

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeSweep(join(dir, 'sweep-loss'), 99, 'finished');
  writeSmallRun(join(dir, 'sweep-loss', 'runs', 'p0-s1'));
  writeSweep(join(dir, 'sweep-running'), 3, 'running');
  server = await startServer({ runDirs: [join(dir, 'sweep-loss'), join(dir, 'sweep-running')], log: () => {} });
  const ready = await server.ready;
  assert.deepEqual(ready.map((r) => [r.name, r.errors]), [['sweep-loss', []], ['sweep-loss/p0-s1', []], ['sweep-running', []]]);
  ({ browser } = await launchTestBrowser());
  page = await watchedPage(browser, { width: 1400, height: 1000 }, problems, 20_000);
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the sweep page in headless Chromium', () => {
  it('a finished sweep: progress, a chart per metric and parameter with CIs, failed cells, the cell table; a kept cell opens its run', async () => {
    await page.goto(server.url);
    await page.waitForSelector('#view-sweep[data-ready="true"]');
    assert.match(await page.locator('#sweep-progress').textContent() ?? '', /Sweep loss .* finished: 8 of 9 cells done, 1 failed\./);
    assert.equal(await page.locator('#sweep-charts svg.metric-chart').count(), 2);
    const chart = page.locator('svg.metric-chart[data-metric="deliveryRatio"]');
    assert.equal(await chart.locator('rect.mean').count(), 3, 'one mean per point');
    assert.equal(await chart.locator('circle.seed').count(), 8, 'one dot per cell');
    assert.equal(await chart.locator('g.errorbar').count(), 2, 'point 0 delivers everything under every seed: no interval to draw');
    assert.equal(await page.locator('svg.metric-chart[data-metric="latencyP95Ms"] g.errorbar').count(), 3);
    assert.match(await chart.locator('rect.mean').first().locator('title').textContent() ?? '', /point 0 \(network\.access\.loss=0\): .*95% CI \[.*\] over 3 seed\(s\)/);
    assert.match(await page.locator('#sweep-failed').textContent() ?? '', /point 2, seed 3 \(3 attempts\): faulty engine/);
    assert.equal(await page.locator('#sweep-table tbody tr').count(), 8);
    assert.equal(await page.locator('#sweep-table button[data-run]').count(), 1, 'only the kept cell has a link');
    await page.screenshot({ path: join(ARTIFACTS, 'viz-sweep.png'), fullPage: true });
    await page.locator('#sweep-table button[data-run]').click();
    await page.waitForSelector('#view-topology[data-ready="true"]');
    assert.equal(await page.locator('#run-select').inputValue(), server.runs.find((r) => r.name === 'sweep-loss/p0-s1')!.id);
    assert.deepEqual(problems.splice(0), []);
  });

  it('a running sweep: the page follows progress.json and results.json as the coordinator rewrites them', async () => {
    const id = server.runs.find((r) => r.name === 'sweep-running')!.id;
    await show(`run=${id}&tab=sweep`);
    assert.match(await page.locator('#sweep-progress').textContent() ?? '', /running: 3 of 9 cells done, 0 failed, 2 running\./);
    assert.equal(await page.locator('#sweep-table tbody tr').count(), 3);
    writeSweep(join(dir, 'sweep-running'), 99, 'finished');
    await page.waitForSelector('#view-sweep[data-state="finished"]', { timeout: 15_000 });
    assert.match(await page.locator('#sweep-progress').textContent() ?? '', /finished: 8 of 9 cells done, 1 failed\./);
    assert.equal(await page.locator('#sweep-table tbody tr').count(), 8);
    assert.deepEqual(problems.splice(0), []);
  });

  it('the API: /api/runs/:id/sweep for a sweep folder, 404 naming the id for any other', async () => {
    const r = await fetch(`${server.url}api/runs/r1/sweep`);
    const body = (await r.json()) as { progress: { state: string }; result: { cells: unknown[] }; runs: Record<string, string>; errors: string[] };
    assert.equal(body.progress.state, 'finished');
    assert.equal(body.result.cells.length, 8);
    assert.deepEqual(body.runs, { 'p0-s1': 'r2' });
    assert.deepEqual(body.errors, []);
    const kept = await fetch(`${server.url}api/runs/r2/sweep`);
    assert.equal(kept.status, 404);
    assert.match(((await kept.json()) as { error: string }).error, /^id: run r2 is not a sweep folder$/);
  });
});
