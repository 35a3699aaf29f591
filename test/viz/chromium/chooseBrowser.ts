// Which browser the browser tests drive, in this order:
//   1. INTEROP_SIM_CHROMIUM: `npm` for the npm-shipped Chromium, anything else is an executable path;
//   2. a system Chrome or Chromium (the first of SYSTEM_NAMES on PATH, then the usual app folders);
//   3. the Chromium that `npm ci` installed (@sparticuz/chromium), unpacked on first use.
// Values in, values out: the file system is reached only through `isExecutable`.
import { delimiter, isAbsolute, join } from 'node:path';

export const ENV_VAR = 'INTEROP_SIM_CHROMIUM';

/** Executable names searched on PATH, in order. */
export const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'] as const;

/** Where browsers live outside PATH. */
export const SYSTEM_PATHS: Readonly<Record<string, readonly string[]>> = {
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  linux: ['/opt/google/chrome/chrome'],
};

export type BrowserChoice =
  | { readonly kind: 'override'; readonly executable: string }
  | { readonly kind: 'system'; readonly executable: string }
  | { readonly kind: 'npm'; readonly why: 'asked' | 'none-found' }
  | { readonly kind: 'error'; readonly message: string };

export interface ChooseInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly isExecutable: (path: string) => boolean;
}

export function chooseBrowser({ env, platform, isExecutable }: ChooseInput): BrowserChoice {
  const override = env[ENV_VAR]?.trim();
  if (override === 'npm') return { kind: 'npm', why: 'asked' };
  if (override) {
    if (!isAbsolute(override)) return { kind: 'error', message: `${ENV_VAR}: expected \`npm\` or an absolute path to a Chrome or Chromium executable, got ${JSON.stringify(override)}` };
    if (!isExecutable(override)) return { kind: 'error', message: `${ENV_VAR}: ${override} is not an executable file` };
    return { kind: 'override', executable: override };
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d));
  for (const name of SYSTEM_NAMES) {
    for (const dir of onPath) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return { kind: 'system', executable: candidate };
    }
  }
  for (const candidate of SYSTEM_PATHS[platform] ?? []) {
    if (isExecutable(candidate)) return { kind: 'system', executable: candidate };
  }
  return { kind: 'npm', why: 'none-found' };
}
