// The Chromium that `npm ci` brings: @sparticuz/chromium ships a brotli-compressed headless Chromium
// for linux-x64 inside its npm tarball, with the NSS/NSPR libraries and fonts it needs in tar.br
// archives. We unpack it once into node_modules/.cache (keyed by the package version, so an upgrade
// unpacks afresh) and never use the package's own loader, which unpacks into a shared /tmp/chromium
// whatever the version and only sets up the bundled libraries on AWS Lambda. Left out: SwiftShader
// (the tests pass --disable-gpu; Chromium composites in software without it). Bundled libsoftokn3
// needs the system's libsqlite3, but NSS loads it only for TLS or certificate work, which the tests,
// on loopback http and file:// pages, never do.
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';
import { readTar } from './ustar.ts';

const PACKAGE = '@sparticuz/chromium';

/** An unpacked npm-shipped Chromium: the executable and the environment it runs in. */
export interface NpmChromium {
  readonly executable: string;
  /** Folder of the bundled NSS, NSPR and expat libraries, put first on LD_LIBRARY_PATH. */
  readonly libDir: string;
  /** fontconfig file naming the system's fonts (where there are any) and the bundled Open Sans. */
  readonly fontsConf: string;
  readonly packageVersion: string;
  readonly folder: string;
}

/** The package's folder and version, or an error saying what is missing. */
function findPackage(): { root: string; version: string } {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch {
    throw new Error(`${PACKAGE} is not installed: run \`npm ci\` (it is a devDependency)`);
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === PACKAGE && pkg.version) return { root: dir, version: pkg.version };
  }
  throw new Error(`${PACKAGE}: no package.json above ${entry}`);
}

function describeFolder(folder: string, version: string): NpmChromium {
  return {
    executable: join(folder, 'chromium'),
    libDir: join(folder, 'lib'),
    fontsConf: join(folder, 'fonts.conf'),
    packageVersion: version,
    folder,
  };
}

/** Writes every entry of a tar.br archive under `into`. */
function extractTarBr(archive: string, into: string): void {
  for (const entry of readTar(brotliDecompressSync(readFileSync(archive)))) {
    const target = join(into, entry.path);
    if (entry.kind === 'dir') {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data, { mode: entry.executable ? 0o755 : 0o644 });
  }
}

/** fontconfig: the system's configuration where it exists, then the bundled fonts (Open Sans). */
function fontsConf(folder: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${join(folder, 'fonts')}</dir>`,
    `  <cachedir>${join(folder, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/**
 * The npm-shipped Chromium, unpacked on first use (about 2 s, 200 MB) and reused afterwards. Several
 * test processes may ask at once: each unpacks into its own temporary folder and renames it into
 * place; a loser of that race drops its copy and uses the winner's.
 */
export async function npmChromium(platform: string = process.platform, arch: string = process.arch): Promise<NpmChromium> {
  if (platform !== 'linux' || arch !== 'x64') {
    throw new Error(`${PACKAGE} ships Chromium for linux-x64 only (this is ${platform}-${arch}): set INTEROP_SIM_CHROMIUM to a Chrome or Chromium executable`);
  }
  const { root, version } = findPackage();
  const cache = join(root, '..', '..', '.cache', 'interop-sim');
  const folder = join(cache, `chromium-${version}`);
  if (existsSync(join(folder, 'chromium'))) return describeFolder(folder, version);

  mkdirSync(cache, { recursive: true });
  const scratch = mkdtempSync(join(cache, `.chromium-${version}-`));
  try {
    const bin = join(root, 'bin');
    await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(scratch, 'chromium'), { mode: 0o755 }));
    extractTarBr(join(bin, 'al2023.tar.br'), scratch);
    extractTarBr(join(bin, 'fonts.tar.br'), scratch);
    writeFileSync(join(scratch, 'fonts.conf'), fontsConf(folder));
    try {
      renameSync(scratch, folder);
    } catch (e) {
      if (!existsSync(join(folder, 'chromium'))) throw e;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return describeFolder(folder, version);
}

/** The browser process's environment: bundled libraries first, bundled fonts known. */
export function npmChromiumEnv(c: NpmChromium, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.LD_LIBRARY_PATH = [c.libDir, ...(base.LD_LIBRARY_PATH ?? '').split(':').filter((p) => p !== '' && p !== c.libDir)].join(':');
  env.FONTCONFIG_FILE = c.fontsConf;
  return env;
}
