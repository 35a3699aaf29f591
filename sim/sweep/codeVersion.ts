import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from './canonicalHash.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// What decides a cell's result: the simulator and scenario code, and the pinned dependencies.
const SOURCE_DIRS = ['sim', 'scenarios'];
const FILES = ['package.json', 'package-lock.json'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mjs|js|json|ya?ml)$/.test(name)) out.push(p);
  }
  return out;
}

let cached: string | undefined;

/**
 * The code version a worker runs: the package version plus a hash of every source file of the
 * simulator and scenarios and of the dependency lock, independent of git. Workers only take cells of
 * their own version, so a sweep's rows all come from one code.
 */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const files = [...SOURCE_DIRS.flatMap((d) => sources(join(ROOT, d))), ...FILES.map((f) => join(ROOT, f))];
  const h = sha256Hex(files.map((f) => `${relative(ROOT, f)}\0${sha256Hex(readFileSync(f, 'utf8'))}`).join('\n'));
  cached = `${pkg.version}+${h.slice(0, 12)}`;
  return cached;
}
