import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../sim/core/index.ts';
import {
  classifyAt,
  createDiscovery,
  emptyHandleRegistry,
  emptyNumberDb,
  formatIdentifier,
  handle,
  hierarchical,
  identityWorld,
  parseE164,
  parseHandle,
  phone,
  portNumber,
  registerHandle,
  registerNumber,
  withHandles,
  withNumbers,
  type ClientBook,
  type Discovery,
  type DiscoveryQuery,
  type IdentityWorld,
  type ProviderId,
} from '../../sim/identity/index.ts';
import { A, B, C, sec } from './helpers.ts';

const N = parseE164('+4915112345678');
const M = parseE164('+4915199999999');
// N moves from A to B at 100 s; A keeps a stale entry for 30 s. M lives on C.
let numbers = emptyNumberDb(seconds(30));
numbers = registerNumber(numbers, N, A, sec(0));
numbers = registerNumber(numbers, M, C, sec(0));
numbers = portNumber(numbers, N, A, B, sec(100));
let handles = emptyHandleRegistry();
handles = registerHandle(handles, parseHandle('alice'), A, sec(0));
handles = registerHandle(handles, parseHandle('alice'), B, sec(1));
const world: IdentityWorld = withHandles(withNumbers(identityWorld(), numbers), handles);

const sender = (home: ProviderId, user = 'u') => ({ user, home });
const q = (home: ProviderId, target: DiscoveryQuery['target'], t: number, user = 'u'): DiscoveryQuery => ({ sender: sender(home, user), target, at: sec(t) });

test('none (silo): only the home provider is asked; its stale entry still misroutes', () => {
  const d = createDiscovery({ kind: 'none' });
  const r1 = d.lookup(world, q(A, hierarchical('bob', 'provB'), 0));
  assert.deepEqual(r1.resolution, { kind: 'unresolvable', reason: 'not-on-home-provider' });
  assert.equal(r1.cost.roundTrips, 0);
  const r2 = d.lookup(world, q(A, phone(N), 50));
  assert.deepEqual(r2.resolution, { kind: 'resolved', provider: A, stale: false, source: 'home-directory' });
  assert.deepEqual(r2.cost, { roundTrips: 1, requests: 1, exchanges: [{ step: 1, from: { kind: 'client', user: 'u' }, to: { kind: 'provider', provider: A } }] });
  const r3 = d.lookup(world, q(A, phone(N), 110));
  assert.deepEqual(classifyAt(world, phone(N), sec(110), r3.resolution), { kind: 'misrouted', provider: A, owners: [B], viaStale: true });
  assert.deepEqual(d.lookup(world, q(B, phone(M), 0)).resolution, { kind: 'unresolvable', reason: 'not-on-home-provider' });
  assert.deepEqual(d.lookup(world, q(B, handle('alice'), 5)).resolution, { kind: 'resolved', provider: B, stale: false, source: 'home-directory' });
});

test('client-side: address book first, then every account in parallel', () => {
  const books = new Map<string, ClientBook>([
    ['u', { accounts: [A, C], addressBook: new Map([[formatIdentifier(phone(N)), A]]) }],
  ]);
  const d = createDiscovery({ kind: 'client-side', clients: books });
  // The address book still says A after the port: zero round trips, stale, misrouted.
  const filed = d.lookup(world, q(A, phone(N), 200));
  assert.deepEqual(filed.resolution, { kind: 'resolved', provider: A, stale: true, source: 'address-book' });
  assert.equal(filed.cost.roundTrips, 0);
  const asked = d.lookup(world, q(A, phone(M), 0));
  assert.deepEqual(asked.resolution, { kind: 'resolved', provider: C, stale: false, source: 'account-directories' });
  assert.deepEqual([asked.cost.roundTrips, asked.cost.requests], [1, 2]);
  assert.deepEqual(d.lookup(world, q(A, hierarchical('bob', 'provB'), 0)).resolution, { kind: 'unresolvable', reason: 'no-account-at-provider' });
  assert.deepEqual(d.lookup(world, q(A, hierarchical('bob', 'provC'), 0)).resolution, { kind: 'resolved', provider: C, stale: false, source: 'name' });
  // A user without a book has only the home account.
  assert.deepEqual(d.lookup(world, q(B, phone(M), 0, 'stranger')).resolution, { kind: 'unresolvable', reason: 'no-account-at-provider' });
});

test('gateway-lookup: on-net first for numbers, then the shared directory', () => {
  const onNet = createDiscovery({ kind: 'gateway-lookup', onNetFirst: true });
  const r1 = onNet.lookup(world, q(A, phone(N), 110));
  assert.deepEqual(r1.resolution, { kind: 'resolved', provider: A, stale: true, source: 'home-directory' });
  assert.equal(r1.cost.roundTrips, 1);
  const r2 = onNet.lookup(world, q(C, phone(N), 110));
  assert.deepEqual(r2.resolution, { kind: 'resolved', provider: B, stale: false, source: 'shared-directory' });
  assert.deepEqual(r2.cost.exchanges.map((e) => [e.step, e.to.kind]), [[1, 'provider'], [2, 'shared-directory']]);
  const direct = createDiscovery({ kind: 'gateway-lookup', onNetFirst: false });
  assert.deepEqual(direct.lookup(world, q(A, phone(N), 110)).resolution, { kind: 'resolved', provider: B, stale: false, source: 'shared-directory' });
  // Handles go to the shared directory (no on-net shortcut), so the namespace's reject policy holds.
  assert.deepEqual(onNet.lookup(world, q(A, handle('alice'), 5)).resolution, { kind: 'ambiguous', candidates: [A, B], policy: 'reject' });
});

test('discovery-service: answers are cached per home provider for the TTL, stale after a port', () => {
  let d: Discovery = createDiscovery({ kind: 'discovery-service', cacheTtl: seconds(60), onNetFirst: false });
  const look = (home: ProviderId, t: number) => {
    const r = d.lookup(world, q(home, phone(N), t));
    d = r.discovery;
    return r;
  };
  const miss = look(C, 90);
  assert.deepEqual(miss.resolution, { kind: 'resolved', provider: A, stale: false, source: 'shared-directory' });
  assert.equal(miss.cost.roundTrips, 2);
  // Ported at 100 s; C's cache (fetched at 90 s) keeps answering A until 150 s.
  const hit = look(C, 120);
  assert.deepEqual(hit.resolution, { kind: 'resolved', provider: A, stale: true, source: 'cache' });
  assert.equal(hit.cost.roundTrips, 1);
  assert.deepEqual(classifyAt(world, phone(N), sec(120), hit.resolution), { kind: 'misrouted', provider: A, owners: [B], viaStale: true });
  // Another provider's cache is its own: a fresh query gets the truth.
  assert.deepEqual(look(A, 120).resolution, { kind: 'resolved', provider: B, stale: false, source: 'shared-directory' });
  // After the TTL, C asks again.
  const refreshed = look(C, 150);
  assert.deepEqual(refreshed.resolution, { kind: 'resolved', provider: B, stale: false, source: 'shared-directory' });
  assert.deepEqual(look(C, 151).resolution, { kind: 'resolved', provider: B, stale: false, source: 'cache' });
});

test('discovery-service: the strategy is a value; lookups do not change the one called', () => {
  const d0 = createDiscovery({ kind: 'discovery-service', cacheTtl: seconds(60), onNetFirst: true });
  const d1 = d0.lookup(world, q(C, phone(N), 10)).discovery;
  assert.equal(d0.lookup(world, q(C, phone(N), 11)).cost.roundTrips, 2);
  assert.equal(d1.lookup(world, q(C, phone(N), 11)).cost.roundTrips, 1);
  // Zero TTL never caches.
  const d2 = createDiscovery({ kind: 'discovery-service', cacheTtl: seconds(0), onNetFirst: true });
  assert.equal(d2.lookup(world, q(C, phone(N), 10)).discovery, d2);
  // On-net first: A still believes it holds N during the stale window.
  assert.deepEqual(d0.lookup(world, q(A, phone(N), 110)).resolution, { kind: 'resolved', provider: A, stale: true, source: 'home-directory' });
});

test('discovery specs are checked at the boundary', () => {
  assert.throws(() => createDiscovery({ kind: 'discovery-service', cacheTtl: -5 as never, onNetFirst: true }), {
    name: 'RangeError',
    message: 'discovery-service.cacheTtl: expected a non-negative integer of microseconds, got -5',
  });
  assert.throws(() => createDiscovery({ kind: 'gateway-lookup', onNetFirst: 'yes' as never }), { name: 'TypeError', message: 'gateway-lookup.onNetFirst: expected a boolean, got "yes"' });
  assert.throws(() => createDiscovery({ kind: 'mx' } as never), { name: 'RangeError', message: 'discovery.kind: expected none, client-side, gateway-lookup or discovery-service, got "mx"' });
});
