import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { PRESET_DIR, loadScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';

// Each preset runs (shortened) under its own architecture with consistent groups and accounting.
for (const file of readdirSync(PRESET_DIR).sort()) {
  const name = file.replace(/\.(ya?ml|json)$/, '');
  test(`preset ${name} runs: groups agree, every message accounted for`, async () => {
    const full = loadScenario(name);
    // The 10,000-user preset runs at full size in federation10k.slow.test.ts; here at 1/50 of its users and conversations.
    const s =
      name === 'federation-10k'
        ? {
            ...full,
            providers: full.providers.map((p) => ({ ...p, users: Math.max(1, Math.round(p.users / 50)) })),
            workload: { ...full.workload, oneToOne: full.workload.oneToOne / 50, groups: { ...full.workload.groups, count: full.workload.groups.count / 50 } },
          }
        : full;
    const r = await runScenario({ ...s, durationSeconds: 12, drainSeconds: 12 });
    assert.equal(r.mls.groupStateMismatches, 0);
    assert.equal(r.mls.decryptMismatches, 0);
    assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
    assert.ok(r.mls.commitsAccepted > 0);
  });
}
