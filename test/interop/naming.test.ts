import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchitectureName } from '../../sim/interop/index.ts';
import { runScenario } from '../../sim/runner/runScenario.ts';
import type { Scenario } from '../../scenarios/index.ts';
import { smallScenario } from '../runner/smallScenario.ts';

function withIdentity(over: Partial<Scenario['identity']>): Scenario {
  const base = smallScenario({
    providers: [
      { id: 'provA', users: 4 },
      { id: 'provB', users: 4 },
      { id: 'provC', users: 3 },
    ],
  });
  return { ...base, identity: { ...base.identity, ...over } };
}

async function naming(s: Scenario, architecture: ArchitectureName = 'federated-mls') {
  let lookups = 0;
  const r = await runScenario(s, {
    architecture,
    onWorldReady: ({ world }) =>
      world.net.observeArrivals((env, node) => {
        if ((env.header as { op?: string } | undefined)?.op === 'lookup' && (node === 'discovery' || node === 'bridge')) lookups++;
      }),
  });
  const reasons = { ...r.summary.dropReasons, ...r.summary.rejectReasons };
  return { r, misrouted: reasons['misrouted'] ?? 0, unresolvable: reasons['unresolvable'] ?? 0, misdelivered: r.security.misdeliveredCopies, lookups };
}

test('colliding handles, first-registered: the person meant loses copies and a stranger reads them', async () => {
  const n = await naming(withIdentity({ namespace: 'handle', handlePolicy: 'first-registered' }));
  assert.ok(n.misrouted > 0, 'intended copies lost to misrouting');
  assert.ok(n.misdelivered > 0, 'copies decrypted by someone never meant');
  assert.ok(n.lookups > 0, 'lookups went to the discovery service on the wire');
  assert.equal(n.r.mls.groupStateMismatches, 0);
});

test('colliding handles, reject: ambiguous names become unresolvable, nobody wrong reads anything', async () => {
  const n = await naming(withIdentity({ namespace: 'handle', handlePolicy: 'reject' }));
  assert.ok(n.unresolvable > 0);
  assert.equal(n.misdelivered, 0);
  assert.equal(n.misrouted, 0);
});

test('hierarchical names never misroute and need no lookups', async () => {
  const n = await naming(withIdentity({ namespace: 'hierarchical' }));
  assert.deepEqual([n.misrouted, n.unresolvable, n.misdelivered, n.lookups], [0, 0, 0, 0]);
});

test('ported numbers misroute only while the old provider keeps a stale entry (on-net-first)', async () => {
  const stale = await naming(withIdentity({ namespace: 'phone', portedShare: 0.5, staleSeconds: 600, onNetFirst: true }));
  const fresh = await naming(withIdentity({ namespace: 'phone', portedShare: 0.5, staleSeconds: 0, onNetFirst: true }));
  assert.ok(stale.misrouted > 0, 'stale entries misroute');
  assert.equal(fresh.misrouted, 0, 'no stale window, no misroute');
  assert.equal(stale.misdelivered, 0, 'a stale entry names nobody reachable: lost, not leaked');
});

test('a multi-protocol client knows which service each contact is on: no misroutes even with colliding handles', async () => {
  const n = await naming(withIdentity({ namespace: 'handle', handlePolicy: 'first-registered' }), 'client-api');
  assert.deepEqual([n.misrouted, n.misdelivered], [0, 0]);
  assert.ok(n.r.accountsPerUser > 1);
});
