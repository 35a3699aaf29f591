// Checks that dependencies point inward: each layer imports only the layers it may, and no two
// folders import each other. Prints one line per violation and exits 1 if there is any.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Which project folders each layer may import (besides itself). */
export const ALLOWED = {
  'sim/core': [],
  'sim/mls': [],
  'sim/content': [],
  'sim/signal': [],
  'sim/trace': ['sim/core'],
  'sim/mlsScript': ['sim/core', 'sim/net', 'sim/trace', 'sim/mls'],
  'sim/mlsVectors': ['sim/mls'],
  'sim/net': ['sim/core', 'sim/trace'],
  'sim/identity': ['sim/core', 'sim/trace'],
  'sim/actors': ['sim/core', 'sim/net', 'sim/trace', 'sim/mls', 'sim/identity', 'sim/content', 'sim/signal'],
  'sim/workload': ['sim/core', 'sim/actors', 'sim/interop', 'scenarios'],
  'sim/interop': ['sim/core', 'sim/net', 'sim/trace', 'sim/actors', 'sim/identity', 'sim/content', 'sim/mls'],
  'sim/runner': ['sim/core', 'sim/net', 'sim/trace', 'sim/mls', 'sim/signal', 'sim/actors', 'sim/workload', 'sim/interop', 'sim/identity', 'sim/content', 'scenarios'],
  scenarios: ['sim/interop'],
  'sim/sweep': ['sim/core', 'sim/runner', 'sim/interop', 'sim/compare', 'sim/cells', 'scenarios'],
  'sim/attacks': ['sim/core', 'sim/runner', 'sim/interop', 'sim/trace', 'sim/compare', 'sim/cells', 'scenarios'],
  'sim/compare': ['sim/core', 'sim/runner', 'sim/interop', 'sim/trace', 'sim/cells', 'scenarios'],
  // One way to run many cells: compare, attacks, pcs and sweep all run theirs through sim/cells.
  'sim/cells': ['sim/runner', 'sim/interop', 'scenarios'],
  viz: ['sim/trace', 'sim/compare', 'sim/sweep'],
  'sim/timeline': ['sim/core', 'sim/sweep', 'scenarios'],
};

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const layerOf = (file) => {
  const rel = relative(root, file);
  return Object.keys(ALLOWED).find((l) => rel === l || rel.startsWith(l + '/'));
};

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(ts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

export function violations() {
  const found = [];
  for (const layer of Object.keys(ALLOWED)) {
    let files;
    try {
      files = walk(join(root, layer));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        const target = layerOf(resolve(dirname(file), spec));
        if (target === undefined || target === layer) continue;
        if (!ALLOWED[layer].includes(target)) found.push(`${relative(root, file)}: ${layer} must not import ${target} (${spec})`);
      }
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const v = violations();
  for (const line of v) console.error(line);
  if (v.length > 0) process.exit(1);
  console.log('imports point inward: ok');
}
