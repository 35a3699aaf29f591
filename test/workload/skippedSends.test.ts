import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { metricsOf } from '../../sim/compare/metricsOf.ts';
import type { TraceRecord } from '../../sim/trace/index.ts';
import { smallScenario } from '../runner/smallScenario.ts';

// Devices mostly offline: many messages the workload means to send find no device able to send them.
const sparse = () =>
  smallScenario({
    providers: [
      { id: 'provA', users: 4, intermittentShare: 1 },
      { id: 'provB', users: 3, intermittentShare: 1 },
    ],
    presence: { meanOnlineSeconds: 5, meanOfflineSeconds: 30 },
  });

test('every message the workload meant to send is sent or skipped with a reason, in the ledger, the trace and the summary', async () => {
  const skips: Extract<TraceRecord, { type: 'skip' }>[] = [];
  let sends = 0;
  const r = await runScenario(sparse(), {
    onWorldReady: ({ world }) =>
      world.trace.subscribe((rec) => {
        if (rec.type === 'skip') skips.push(rec);
        if (rec.type === 'send' && rec.kind === 'application') sends++;
      }),
  });
  const { sendsAttempted, sendsSkipped } = r.workload;
  assert.ok(sendsSkipped > 0, 'the scenario skips sends');
  assert.equal(r.summary.skipped, sendsSkipped);
  assert.equal(skips.length, sendsSkipped, 'one trace record per skipped send');
  assert.equal(Object.values(r.summary.skipReasons).reduce((a, b) => a + b, 0), sendsSkipped, 'every skip has a reason');
  for (const reason of Object.keys(r.summary.skipReasons)) assert.ok(['sender-offline', 'not-joined', 'left', 'no-recipients'].includes(reason), reason);
  assert.ok((r.summary.skipReasons['sender-offline'] ?? 0) > 0);
  assert.equal(sends, sendsAttempted - sendsSkipped, 'intended = sent + skipped (no cleartext copies or attackers here)');
  assert.equal(r.summary.messages, sends);
  for (const s of skips) assert.ok(s.conversation.length > 0);
  const m = metricsOf(r);
  assert.equal(m.skippedPct, (100 * sendsSkipped) / sendsAttempted, 'compare shows the skipped share beside the delivery ratio');
});

test('skips are deterministic: same seed, same digest and the same reasons', async () => {
  const [a, b] = [await runScenario(sparse()), await runScenario(sparse())];
  assert.equal(a.digest, b.digest);
  assert.deepEqual(a.summary.skipReasons, b.summary.skipReasons);
});
