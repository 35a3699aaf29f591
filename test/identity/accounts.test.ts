import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountsNeeded, totalAccounts, type ContactGraph } from '../../sim/identity/index.ts';
import { A, B, C } from './helpers.ts';

const graph: ContactGraph = new Map([
  ['ann', { home: A, contacts: [{ user: 'ben', home: B }, { user: 'cat', home: C }, { user: 'ada', home: A }] }],
  ['ben', { home: B, contacts: [{ user: 'ann', home: A }, { user: 'bo', home: B }] }],
  ['solo', { home: C, contacts: [] }],
]);

test('silo: an account and an app per distinct provider among contacts, home included', () => {
  const needs = accountsNeeded(graph, 'silo');
  assert.deepEqual(needs.get('ann'), { providers: [A, B, C], accounts: 3, apps: 3 });
  assert.deepEqual(needs.get('ben'), { providers: [B, A], accounts: 2, apps: 2 });
  assert.deepEqual(needs.get('solo'), { providers: [C], accounts: 1, apps: 1 });
  assert.deepEqual(totalAccounts(needs), { accounts: 6, apps: 6 });
});

test('client-api: the same accounts in one app; bridged, federated and hub: one of each', () => {
  assert.deepEqual(totalAccounts(accountsNeeded(graph, 'client-api')), { accounts: 6, apps: 3 });
  for (const style of ['bridged', 'federated', 'hub'] as const) {
    const needs = accountsNeeded(graph, style);
    assert.deepEqual(needs.get('ann'), { providers: [A], accounts: 1, apps: 1 });
    assert.deepEqual(totalAccounts(needs), { accounts: 3, apps: 3 });
  }
  assert.throws(() => accountsNeeded(graph, 'mesh' as never), { name: 'RangeError', message: 'style: expected one of silo, client-api, bridged, federated, hub, got "mesh"' });
});
