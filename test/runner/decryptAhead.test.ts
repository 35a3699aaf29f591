// Receivers that start decrypting a message when it is put on their last link (MlsStack.incoming,
// MlsEngine.unprotectAhead) end with exactly the run they would have had without it: same trace
// digest, same outcomes, while most copies really do take the result started ahead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MlsStack } from '../../sim/actors/conversation/mls/mlsStack.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import { smallScenario } from './smallScenario.ts';

test('decrypting ahead changes nothing in the run: same digest and outcomes with the arrival notice ignored', async () => {
  const s = smallScenario();
  const withAhead = await runScenario(s);
  const proto = MlsStack.prototype as { incoming?: unknown };
  const incoming = proto.incoming;
  try {
    proto.incoming = undefined; // devices then decrypt on arrival only
    const without = await runScenario(s);
    assert.equal(withAhead.digest, without.digest);
    assert.deepEqual(withAhead.summary, without.summary);
    assert.equal(without.wall.cryptoByOp['unprotect-ahead'], undefined);
    assert.equal(without.wall.cryptoByOp['unprotect-ahead-tail'], undefined);
  } finally {
    proto.incoming = incoming;
  }
  assert.ok(withAhead.summary.delivered > 50, `delivered ${withAhead.summary.delivered}`);
  // The early work happened: timed per event's batch (sim/actors/conversation/mls/decryptAhead.ts),
  // and the tail after each copy's pooled signature check on its own.
  assert.ok((withAhead.wall.cryptoByOp['unprotect-ahead']?.count ?? 0) > 0, 'decryption started ahead');
  assert.ok((withAhead.wall.cryptoByOp['unprotect-ahead-tail']?.count ?? 0) > withAhead.summary.delivered / 2, 'most copies took the early result');
});

test('taking a settled decryption synchronously changes nothing in the run: same digest, outcomes and operation counts as awaiting it', async () => {
  const s = smallScenario();
  const sync = await runScenario(s);
  const proto = MlsStack.prototype as unknown as { settled: unknown };
  const settled = proto.settled;
  try {
    proto.settled = () => undefined; // every copy awaits unprotect, as before
    const awaited = await runScenario(s);
    assert.equal(sync.digest, awaited.digest);
    assert.deepEqual(sync.summary, awaited.summary);
    // Each copy one `unprotect`, or one `unprotect-pool-wait` where its decryption ahead was still on the pool.
    assert.equal(unprotects(sync), unprotects(awaited));
  } finally {
    proto.settled = settled;
  }
  assert.ok(unprotects(sync) >= sync.summary.delivered, 'every delivered copy was an unprotect');
});

function unprotects(r: Awaited<ReturnType<typeof runScenario>>): number {
  return (r.wall.cryptoByOp['unprotect']?.count ?? 0) + (r.wall.cryptoByOp['unprotect-pool-wait']?.count ?? 0);
}
