// The browser the tests launch with playwright-core: what chooseBrowser picks, made ready to run
// (the npm-shipped one unpacked, with its bundled libraries), and a line saying which it is.
import { accessSync, constants, statSync } from 'node:fs';
import { relative } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chooseBrowser, ENV_VAR } from './chooseBrowser.ts';
import { npmChromium, npmChromiumEnv } from './npmChromium.ts';

export interface TestBrowser {
  readonly executablePath: string;
  /** The browser process's whole environment (playwright's `env` replaces, not extends). */
  readonly env: Record<string, string>;
  /** For the test output: which browser, and why this one. */
  readonly describe: string;
}

/** Flags for headless runs in containers and CI: no sandbox (often root), no network of its own. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] as const;

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

export async function testBrowser(): Promise<TestBrowser> {
  const choice = chooseBrowser({ env: process.env, platform: process.platform, isExecutable });
  switch (choice.kind) {
    case 'error':
      throw new Error(choice.message);
    case 'override':
      return { executablePath: choice.executable, env: processEnv(), describe: `${choice.executable} (from ${ENV_VAR})` };
    case 'system':
      return { executablePath: choice.executable, env: processEnv(), describe: `system browser ${choice.executable} (${ENV_VAR}=npm uses the npm-shipped Chromium instead)` };
    case 'npm': {
      const c = await npmChromium();
      const why = choice.why === 'asked' ? `${ENV_VAR}=npm` : 'no system Chrome or Chromium found';
      return {
        executablePath: c.executable,
        env: npmChromiumEnv(c),
        describe: `npm-shipped Chromium from @sparticuz/chromium ${c.packageVersion} (${why}), unpacked in ${relative(process.cwd(), c.folder) || c.folder}, with its bundled NSS libraries`,
      };
    }
    default: {
      const never: never = choice;
      return never;
    }
  }
}

/** Launches the test browser with playwright-core; a failure names the browser and the way out. */
export async function launchTestBrowser(): Promise<{ browser: Browser; describe: string }> {
  const which = await testBrowser();
  try {
    const browser = await chromium.launch({ executablePath: which.executablePath, env: which.env, args: [...CHROMIUM_ARGS] });
    return { browser, describe: `${which.describe}, version ${browser.version()}` };
  } catch (e) {
    throw new Error(`could not launch ${which.describe}: ${(e as Error).message}`);
  }
}
