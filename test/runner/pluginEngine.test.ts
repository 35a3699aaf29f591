import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ScenarioError, loadScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'isim-engine-'));
let written = 0;
const fixture = fileURLToPath(new URL('../fixtures/wrappedEngine.ts', import.meta.url));

function scenarioWith(engineModule: string): string {
  const path = join(dir, `s-${written++}.yaml`);
  writeFileSync(path, `name: plug\ndurationSeconds: 8\ndrainSeconds: 8\nproviders: [{ id: a, users: 2 }, { id: b, users: 2 }]\nmls: { engine: { module: ${JSON.stringify(engineModule)} } }\nworkload: { oneToOne: 1, groups: { count: 0, size: { kind: fixed, n: 2 } }, messagesPerMemberPerMinute: 30 }\n`);
  return path;
}

test('an MLS engine plugged in by module path (relative to the scenario file) runs the simulation', async () => {
  const s = loadScenario(scenarioWith(relative(dir, fixture)));
  const r = await runScenario(s);
  assert.equal(r.mls.engine, 'wrapped-ts-mls');
  assert.ok(r.summary.delivered > 0);
  assert.equal(r.mls.decryptMismatches, 0);
});

test('a module that does not load or is no engine is a one-line scenario error', async () => {
  await assert.rejects(runScenario(loadScenario(scenarioWith('./nope.ts'))), (e: unknown) => e instanceof ScenarioError && /engine\.module: cannot load/.test(e.problems[0]!));
  await assert.rejects(runScenario(loadScenario(scenarioWith(fileURLToPath(new URL('../../sim/core/time.ts', import.meta.url))))), (e: unknown) => e instanceof ScenarioError && /not an MlsEngine|no default export/.test(e.problems[0]!));
});
