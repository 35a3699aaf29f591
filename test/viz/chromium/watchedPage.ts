import type { Browser, Page } from 'playwright-core';

/**
 * A page of the viewer under test whose console errors and warnings and uncaught page errors are
 * collected into `problems`: every browser test asserts there are none.
 */
export async function watchedPage(browser: Browser, viewport: { width: number; height: number }, problems: string[], timeoutMs = 30_000): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(timeoutMs);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return page;
}
