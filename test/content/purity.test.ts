import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const dir = join(import.meta.dirname, '../../sim/content');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }));

test('sim/content imports only its own files: nothing of the simulator, no node built-ins, no packages', () => {
  assert.ok(sources.length > 10);
  for (const { f, text } of sources) {
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? '';
      assert.match(spec, /^\.\/[A-Za-z]+\.ts$/, `${f} imports ${spec}`);
    }
  }
});

test('sim/content draws no randomness and reads no clock', () => {
  for (const { f, text } of sources) assert.doesNotMatch(text, /Math\.random|Date\.now|new Date|performance\.now/, f);
});
