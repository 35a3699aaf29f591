// Issue 13 in headless Chromium, on real runs: an attacker's decryptions are drawn and named, brushing
// picks a new window, the flow's window buttons stop at the run's ends, compare intervals stay inside
// each metric's domain and bars open their runs, and federation-20 is readable in the topology and the
// provider matrix (no overlapping labels). Screenshots land in test-artifacts/ for a person to look at.
// The browser is the one the other browser tests use (test/viz/chromium/testBrowser.ts).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { startServer, type VizServer } from '../../viz/server.ts';
import { launchTestBrowser } from './chromium/testBrowser.ts';
import { watchedPage } from './chromium/watchedPage.ts';
import { writeSmallRun } from './fixtures/smallRun.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isim-viz-truth-'));
let server: VizServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
let exposed: { msg: string; by: string; t: number };

const show = async (hash: string, view: string) => {
  await page.goto(`${server.url}#${hash}`);
  await page.waitForSelector(`#view-${view}[data-ready="true"]`, { timeout: 30_000 });
};
const shot = (name: string, fullPage = false) => page.screenshot({ path: join(ARTIFACTS, `viz-${name}.png`), fullPage });
const noProblems = (where: string) => assert.deepEqual(problems.splice(0), [], `console errors in ${where}`);

/** A compare.json whose few seeds give Student t intervals far outside each metric's domain. */
function writeWildCompare(cmp: string): void {
  mkdirSync(join(cmp, 'runs'), { recursive: true });
  const est = (values: number[]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    return { mean, ci95: (12.706 * sd) / Math.sqrt(values.length), values };
  };
  const row = (architecture: string, e2ee: number[], p99: number[], ratio: number[]) => ({
    architecture,
    digests: ['a', 'b'],
    metrics: { e2eePreservedPct: est(e2ee), latencyP99Ms: est(p99), deliveryRatio: est(ratio), misroutedPct: est([0, 0]), unresolvablePct: est([0, 0]) },
  });
  const compare = {
    kind: 'interop-sim/compare',
    scenario: 'wild',
    seeds: ['1', '2'],
    rows: [row('silo', [100, 60], [20, 900], [0.99, 0.6]), row('federated-mls', [100, 99], [40, 45], [1, 0.97])],
  };
  writeFileSync(join(cmp, 'compare.json'), JSON.stringify(compare));
  for (const r of ['silo-1', 'silo-2', 'federated-mls-1', 'federated-mls-2']) writeSmallRun(join(cmp, 'runs', r));
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await runScenario(loadScenario('adversarial'), { outDir: join(dir, 'adversarial') });
  await runScenario(loadScenario('federation-20'), { outDir: join(dir, 'federation-20') });
  writeWildCompare(join(dir, 'wild'));
  const line = readFileSync(join(dir, 'adversarial', 'trace.jsonl'), 'utf8').split('\n').find((l) => l.includes('"type":"expose"') && l.includes('"as":"attacker"'));
  assert.ok(line, 'the adversarial preset has an attacker decryption');
  exposed = JSON.parse(line) as typeof exposed;
  server = await startServer({ runDirs: [join(dir, 'adversarial'), join(dir, 'federation-20'), join(dir, 'wild')], log: () => {} });
  await server.ready;
  ({ browser } = await launchTestBrowser());
  page = await watchedPage(browser, { width: 1500, height: 1000 }, problems);
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the viewer tells the whole truth (headless Chromium)', () => {
  it('adversarial: the attacker is in the topology with what it read, and in the header', async () => {
    await show('run=r1&tab=topology', 'topology');
    const node = page.locator(`.topology-svg g.node[data-id="${exposed.by}"]`);
    assert.equal(await node.count(), 1, 'the attacker is drawn');
    assert.match((await node.locator('.node-exposed').textContent()) ?? '', /^attacker read \d+$/);
    assert.equal(await page.locator('.topology-svg g.edge.attack').count(), 1, 'tied to the server it acts at');
    assert.match((await page.locator('#run-summary').textContent()) ?? '', new RegExp(`E2EE preserved [\\d.]+% · read by non-endpoints: ${exposed.by.replace(/[/]/g, '\\/')}`));
    await shot('truth-adversarial-topology');
    noProblems('adversarial topology');
  });

  it('adversarial: its decryption is a mark on its own lane, and the message says who could read it', async () => {
    await show('run=r1&tab=flow', 'flow');
    await page.fill('#flow-from', String((exposed.t - 3_000_000) / 1000));
    await page.fill('#flow-to', String((exposed.t + 500_000) / 1000));
    await page.click('.controls button.primary');
    await page.waitForSelector(`#flow-svg g.mark-expose`);
    const lanes = await page.locator('.flow-header g.lane-head title').allTextContents();
    assert.ok(lanes.some((l) => l.startsWith(`${exposed.by} (attacker`)), 'the attacker has a lane');
    const titles = await page.locator('#flow-svg g.mark-expose title').allTextContents();
    assert.ok(titles.some((t) => t.startsWith(`${exposed.by} (attacker) decrypted ${exposed.msg}`)), titles.join(' | '));
    await page.locator(`#flow-svg g.arrow[data-msg="${exposed.msg}"] path.hit`).first().click({ force: true });
    await page.waitForSelector('#detail table.hops');
    const protection = (await page.locator('#detail p.protection').textContent()) ?? '';
    assert.match(protection, new RegExp(`^NOT end-to-end confidential: decrypted by ${exposed.by.replace(/[/]/g, '\\/')} \\(attacker\\)`));
    assert.equal(await page.locator('#detail ul.readers li.exposed[data-as="attacker"]').count(), 1);
    await shot('truth-adversarial-flow');
    noProblems('adversarial flow');
  });

  it('brushing the overview selects a new window; later stops at the end; a reversed window is an error', async () => {
    await show('run=r2&tab=flow', 'flow');
    const before = await page.inputValue('#flow-from');
    const box = (await page.locator('svg.overview g.brush rect.overlay').boundingBox())!;
    assert.ok(box, 'the brush overlay takes the pointer');
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((b) => (document.getElementById('flow-from') as HTMLInputElement).value !== b, before);
    const from = Number(await page.inputValue('#flow-from')), to = Number(await page.inputValue('#flow-to'));
    const run = (await page.evaluate(() => fetch('api/runs/r2').then((r) => r.json()))) as { trace: { tMax: number } };
    const tMaxMs = run.trace.tMax / 1000;
    assert.ok(from > tMaxMs * 0.3 && from < tMaxMs * 0.5 && to > from && to < tMaxMs * 0.6, `brushed window ${from}..${to} of ${tMaxMs} ms`);
    await shot('truth-brushed');
    // later ▶ until it is disabled: never past the run's end.
    const later = page.locator('.controls button', { hasText: 'later ▶' });
    for (let i = 0; i < 30 && !(await later.isDisabled()); i++) {
      const was = await page.inputValue('#flow-from');
      await later.click();
      await page.waitForFunction((w) => (document.getElementById('flow-from') as HTMLInputElement).value !== w, was);
    }
    assert.ok(await later.isDisabled(), 'later stops at the end');
    assert.ok(Number(await page.inputValue('#flow-to')) <= tMaxMs + 0.002, 'the last window ends at the run\'s end');
    await page.fill('#flow-from', '5000');
    await page.fill('#flow-to', '4000');
    await page.click('.controls button.primary');
    assert.match((await page.locator('#flow-status').textContent()) ?? '', /"to" \(4\.000 s\) must be after "from" \(5\.000 s\)/);
    noProblems('brush and window buttons');
  });

  it('compare: intervals clamped inside each metric\'s domain; constant metrics in one line; a table; bars open runs', async () => {
    await show('run=r3&tab=compare', 'compare');
    const bounds = async (metric: string) =>
      page.locator(`svg.metric-chart[data-metric="${metric}"] g.errorbar`).evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-lo')), Number(g.getAttribute('data-hi'))] as [number, number]));
    for (const [lo, hi] of await bounds('e2eePreservedPct')) assert.ok(lo >= 0 && hi <= 100, `E2EE interval ${lo}..${hi}`);
    for (const [lo, hi] of await bounds('deliveryRatio')) assert.ok(lo >= 0 && hi <= 1, `delivery interval ${lo}..${hi}`);
    for (const [lo] of await bounds('latencyP99Ms')) assert.ok(lo >= 0, `latency interval starts at ${lo}`);
    assert.match((await page.locator('svg.metric-chart[data-metric="latencyP99Ms"] .ci-note').textContent()) ?? '', /clamped to ≥ 0/);
    assert.equal(await page.locator('svg.metric-chart[data-metric="misroutedPct"]').count(), 0, 'an all-zero metric is not a chart');
    assert.match((await page.locator('#compare-flat').textContent()) ?? '', /Misrouted 0%/);
    assert.equal(await page.locator('#compare-table tbody tr').count(), 2);
    await shot('truth-compare', true);
    await page.locator('svg.metric-chart[data-metric="e2eePreservedPct"] g.arch[data-arch="federated-mls"] rect.bar').click();
    await page.waitForSelector('#view-topology[data-ready="true"]');
    assert.equal(await page.locator('#run-select option:checked').textContent(), '  ↳ wild/federated-mls-1');
    noProblems('compare');
  });

  it('federation-20: the topology shows the busiest links with no overlapping labels', async () => {
    await show('run=r2&tab=topology', 'topology');
    const boxes = await page.locator('.topology-svg text.node-label, .topology-svg text.edge-label').evaluateAll((els) =>
      els.filter((e) => (e as SVGGraphicsElement).getClientRects().length > 0 && getComputedStyle(e).display !== 'none' && getComputedStyle(e.parentElement!).display !== 'none' && e.textContent !== '').map((e) => {
        const r = e.getBoundingClientRect();
        return { t: e.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom, px: parseFloat(getComputedStyle(e).fontSize) };
      }),
    );
    assert.ok(boxes.length >= 40, `${boxes.length} labels shown`);
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!, b = boxes[j]!;
        if (a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1) overlaps.push(`${a.t} / ${b.t}`);
      }
    assert.deepEqual(overlaps, [], 'labels overlap');
    const screenPx = await page.locator('.topology-svg text.node-label').first().evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(screenPx >= 9, `node labels are ${screenPx}px tall on screen`);
    const shown = await page.locator('.topology-svg g.edge').evaluateAll((gs) => gs.filter((g) => getComputedStyle(g).display !== 'none').length);
    const total = await page.locator('.topology-svg g.edge').count();
    assert.ok(shown < total / 2, `${shown} of ${total} links drawn`);
    await shot('truth-federation-topology');
    noProblems('federation topology');
  });

  it('federation-20: the provider matrix has a row and a column per provider, readable', async () => {
    await show('run=r2&tab=matrix', 'matrix');
    const rows = await page.locator('#matrix-svg text.row-label').allTextContents();
    assert.equal(rows.length, 20, rows.join(','));
    assert.equal(await page.locator('#matrix-svg rect.cell').count(), 400);
    const heights = await page.locator('#matrix-svg text.row-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
    for (let i = 1; i < heights.length; i++) assert.ok(heights[i]![0]! >= heights[i - 1]![1]! - 1, 'row labels do not overlap');
    const nonzero = await page.locator('#matrix-svg rect.cell:not(.zero)').count();
    assert.ok(nonzero > 20, `${nonzero} pairs carried bytes`);
    await shot('truth-federation-matrix');
    await page.selectOption('#matrix-metric', 'messages');
    await page.waitForSelector('#matrix-svg[data-metric="messages"]');
    noProblems('federation matrix');
  });
});
