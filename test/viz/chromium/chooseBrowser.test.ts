import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseBrowser, type ChooseInput } from './chooseBrowser.ts';

const machine = (executables: string[], env: Record<string, string>, platform = 'linux'): ChooseInput => ({
  env,
  platform,
  isExecutable: (p) => executables.includes(p),
});

describe('chooseBrowser', () => {
  it('INTEROP_SIM_CHROMIUM=npm takes the npm-shipped Chromium even when a system one exists', () => {
    assert.deepEqual(chooseBrowser(machine(['/usr/bin/chromium'], { PATH: '/usr/bin', INTEROP_SIM_CHROMIUM: 'npm' })), { kind: 'npm', why: 'asked' });
  });

  it('INTEROP_SIM_CHROMIUM=<path> takes that executable, or says what is wrong with it', () => {
    assert.deepEqual(chooseBrowser(machine(['/opt/chrome'], { INTEROP_SIM_CHROMIUM: '/opt/chrome' })), { kind: 'override', executable: '/opt/chrome' });
    assert.deepEqual(chooseBrowser(machine([], { INTEROP_SIM_CHROMIUM: '/opt/chrome' })), { kind: 'error', message: 'INTEROP_SIM_CHROMIUM: /opt/chrome is not an executable file' });
    assert.deepEqual(chooseBrowser(machine(['chrome'], { INTEROP_SIM_CHROMIUM: 'chrome' })), {
      kind: 'error',
      message: 'INTEROP_SIM_CHROMIUM: expected `npm` or an absolute path to a Chrome or Chromium executable, got "chrome"',
    });
  });

  it('an empty INTEROP_SIM_CHROMIUM is no override', () => {
    assert.deepEqual(chooseBrowser(machine([], { INTEROP_SIM_CHROMIUM: ' ', PATH: '/usr/bin' })), { kind: 'npm', why: 'none-found' });
  });

  it('without an override a system browser on PATH is used: chromium first, then Chrome', () => {
    const both = ['/usr/local/bin/google-chrome', '/usr/bin/chromium'];
    assert.deepEqual(chooseBrowser(machine(both, { PATH: '/usr/local/bin:/usr/bin' })), { kind: 'system', executable: '/usr/bin/chromium' });
    assert.deepEqual(chooseBrowser(machine(['/usr/local/bin/google-chrome'], { PATH: '/usr/local/bin:/usr/bin' })), { kind: 'system', executable: '/usr/local/bin/google-chrome' });
  });

  it('relative PATH entries are ignored (a browser in the working folder is not a system browser)', () => {
    assert.deepEqual(chooseBrowser(machine(['bin/chromium'], { PATH: 'bin' })), { kind: 'npm', why: 'none-found' });
  });

  it('the usual app folders are searched outside PATH (macOS Chrome, Google Chrome on Linux)', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    assert.deepEqual(chooseBrowser(machine([mac], { PATH: '/usr/bin' }, 'darwin')), { kind: 'system', executable: mac });
    assert.deepEqual(chooseBrowser(machine(['/opt/google/chrome/chrome'], {})), { kind: 'system', executable: '/opt/google/chrome/chrome' });
    assert.deepEqual(chooseBrowser(machine([mac], {}, 'linux')), { kind: 'npm', why: 'none-found' });
  });

  it('a fresh Linux machine with no browser gets the npm-shipped Chromium, no flag needed', () => {
    assert.deepEqual(chooseBrowser(machine([], { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' })), { kind: 'npm', why: 'none-found' });
  });
});
