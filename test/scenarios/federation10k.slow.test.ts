import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';

test('federation-10k at full size: 10,000 users, about 100,000 messages, every copy decrypted or accounted for', async () => {
  const s = loadScenario('federation-10k');
  assert.equal(s.providers.reduce((n, p) => n + p.users, 0), 10_000);
  const r = await runScenario(s);
  assert.ok(r.summary.messages >= 90_000, `messages ${r.summary.messages}`);
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected);
  assert.equal(r.mls.decryptMismatches, 0);
  assert.equal(r.mls.groupStateMismatches, 0);
});
