import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../sim/core/index.ts';
import {
  AUTHORITATIVE,
  emptyNumberDb,
  identityWorld,
  misrouteRisks,
  numberAtProvider,
  numberOwners,
  parseE164,
  phone,
  portNumber,
  providerView,
  registerNumber,
  releaseNumber,
  resolveIn,
  withNumbers,
  type NumberChoicePolicy,
} from '../../sim/identity/index.ts';
import { A, B, C, sec } from './helpers.ts';

const N = parseE164('+4915112345678');
const id = phone(N);

test('a number held by several providers is settled by the choice policy', () => {
  let db = emptyNumberDb(seconds(0));
  db = registerNumber(db, N, B, sec(1));
  db = registerNumber(db, N, A, sec(2));
  db = registerNumber(db, N, C, sec(3));
  const resolve = (choice: NumberChoicePolicy) => resolveIn({ ...identityWorld(), phone: { kind: 'phone', numbers: db, choice } }, id, AUTHORITATIVE, A, sec(4));
  assert.deepEqual(resolve({ kind: 'first-registered' }), { kind: 'resolved', provider: B, stale: false, source: 'shared-directory' });
  assert.deepEqual(resolve({ kind: 'last-registered' }), { kind: 'resolved', provider: C, stale: false, source: 'shared-directory' });
  assert.deepEqual(resolve({ kind: 'preferred-provider-list', order: [C, A] }), { kind: 'resolved', provider: C, stale: false, source: 'shared-directory' });
  assert.deepEqual(resolve({ kind: 'preferred-provider-list', order: [] }), { kind: 'ambiguous', candidates: [B, A, C], policy: 'preferred-provider-list' });
  assert.deepEqual(resolve({ kind: 'ask-user' }), { kind: 'ambiguous', candidates: [B, A, C], policy: 'ask-user' });
});

test('a single holder needs no policy; nobody gives unresolvable', () => {
  const w = withNumbers(identityWorld({ numberChoice: { kind: 'ask-user' } }), registerNumber(emptyNumberDb(seconds(0)), N, A, sec(0)));
  assert.deepEqual(resolveIn(w, id, AUTHORITATIVE, B, sec(1)), { kind: 'resolved', provider: A, stale: false, source: 'shared-directory' });
  assert.deepEqual(resolveIn(w, phone('+4915100000000'), AUTHORITATIVE, B, sec(1)), { kind: 'unresolvable', reason: 'not-registered' });
});

test('porting leaves a stale entry at the old provider for staleFor, then it is gone', () => {
  let db = registerNumber(emptyNumberDb(seconds(60)), N, A, sec(0));
  db = portNumber(db, N, A, B, sec(100));
  const w = withNumbers(identityWorld(), db);
  // Before the port: A holds it, in truth and in A's own table.
  assert.deepEqual(numberOwners(db, N, sec(50)).map((c) => c.provider), [A]);
  // During the stale window: truth says B, A's own view still says A (stale).
  assert.deepEqual(numberOwners(db, N, sec(120)).map((c) => c.provider), [B]);
  assert.deepEqual(numberAtProvider(db, N, A, sec(120)), { provider: A, registeredAt: sec(0), stale: true });
  assert.deepEqual(resolveIn(w, id, providerView(A), A, sec(120)), { kind: 'resolved', provider: A, stale: true, source: 'home-directory' });
  assert.deepEqual(misrouteRisks(db, sec(120)), [{ number: N, provider: A, portedTo: B, until: sec(160) }]);
  // After it: A's view no longer knows the number.
  assert.equal(numberAtProvider(db, N, A, sec(160)), undefined);
  assert.deepEqual(misrouteRisks(db, sec(160)), []);
  assert.deepEqual(resolveIn(w, id, providerView(B), A, sec(160)), { kind: 'resolved', provider: B, stale: false, source: 'home-directory' });
});

test('updates return new databases and leave the old one as it was', () => {
  const db0 = registerNumber(emptyNumberDb(seconds(10)), N, A, sec(0));
  const db1 = portNumber(db0, N, A, B, sec(5));
  assert.deepEqual(numberOwners(db0, N, sec(6)).map((c) => c.provider), [A]);
  assert.deepEqual(numberOwners(db1, N, sec(6)).map((c) => c.provider), [B]);
  const db2 = releaseNumber(db1, N, B, sec(7));
  assert.deepEqual(numberOwners(db2, N, sec(8)), []);
  assert.deepEqual(numberOwners(db1, N, sec(8)).map((c) => c.provider), [B]);
});

test('history is append-only in time and operations check their preconditions', () => {
  const db = registerNumber(emptyNumberDb(seconds(10)), N, A, sec(5));
  assert.throws(() => registerNumber(db, N, B, sec(4)), { name: 'RangeError', message: 'registerNumber: time 4.000000s is before the last change to "+4915112345678" at 5.000000s' });
  assert.throws(() => registerNumber(db, N, A, sec(6)), { name: 'RangeError', message: 'registerNumber: "+4915112345678" is already registered at provA' });
  assert.throws(() => portNumber(db, N, B, C, sec(6)), { name: 'RangeError', message: 'portNumber: "+4915112345678" is not registered at provB' });
  assert.throws(() => portNumber(db, N, A, A, sec(6)), { name: 'RangeError', message: 'portNumber: source and destination are both provA' });
  assert.throws(() => releaseNumber(db, N, C, sec(6)), { name: 'RangeError', message: 'releaseNumber: "+4915112345678" is not registered at provC' });
  assert.throws(() => emptyNumberDb(-1 as never), { name: 'RangeError', message: 'staleFor: expected a non-negative integer of microseconds, got -1' });
});

test('a provider that takes a ported number back shadows its own stale entry', () => {
  let db = registerNumber(emptyNumberDb(seconds(60)), N, A, sec(0));
  db = portNumber(db, N, A, B, sec(10));
  db = portNumber(db, N, B, A, sec(20));
  assert.deepEqual(numberAtProvider(db, N, A, sec(30)), { provider: A, registeredAt: sec(20), stale: false });
  assert.deepEqual(numberAtProvider(db, N, B, sec(30)), { provider: B, registeredAt: sec(10), stale: true });
  assert.deepEqual(misrouteRisks(db, sec(30)).map((r) => r.provider), [B]);
});

test('ported away twice inside the window: the latest stale entry counts, listed once', () => {
  let db = registerNumber(emptyNumberDb(seconds(60)), N, A, sec(0));
  db = portNumber(db, N, A, B, sec(10));
  db = portNumber(db, N, B, A, sec(15));
  db = portNumber(db, N, A, C, sec(20));
  assert.deepEqual(numberAtProvider(db, N, A, sec(25)), { provider: A, registeredAt: sec(15), stale: true });
  assert.deepEqual(misrouteRisks(db, sec(25)), [
    { number: N, provider: A, portedTo: C, until: sec(80) },
    { number: N, provider: B, portedTo: A, until: sec(75) },
  ]);
});
