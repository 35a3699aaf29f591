import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AUTHORITATIVE,
  emptyHandleRegistry,
  handle,
  identityWorld,
  matchHandle,
  parseHandle,
  registerHandle,
  releaseHandle,
  resolveIn,
  withHandles,
  type HandlePolicy,
} from '../../sim/identity/index.ts';
import { A, B, C, sec } from './helpers.ts';

const alice = parseHandle('alice');
let reg = emptyHandleRegistry();
reg = registerHandle(reg, alice, B, sec(1));
reg = registerHandle(reg, alice, A, sec(2));
reg = registerHandle(reg, parseHandle('bob'), C, sec(1));

test('handles: unique, ambiguous across providers, or unresolvable', () => {
  assert.deepEqual(matchHandle(reg, parseHandle('bob'), sec(3)), { kind: 'unique', provider: C });
  assert.deepEqual(matchHandle(reg, alice, sec(3)), { kind: 'ambiguous', candidates: [B, A] });
  assert.deepEqual(matchHandle(reg, alice, sec(1)), { kind: 'unique', provider: B });
  assert.deepEqual(matchHandle(reg, parseHandle('carol'), sec(3)), { kind: 'unresolvable' });
  assert.deepEqual(matchHandle(releaseHandle(reg, alice, B, sec(5)), alice, sec(6)), { kind: 'unique', provider: A });
});

test('a collision under each ambiguity policy', () => {
  const resolve = (ambiguity: HandlePolicy, senderHome = A) => resolveIn(withHandles(identityWorld({ handleAmbiguity: ambiguity }), reg), handle('alice'), AUTHORITATIVE, senderHome, sec(3));
  assert.deepEqual(resolve({ kind: 'reject' }), { kind: 'ambiguous', candidates: [B, A], policy: 'reject' });
  assert.deepEqual(resolve({ kind: 'first-registered' }), { kind: 'resolved', provider: B, stale: false, source: 'shared-directory' });
  assert.deepEqual(resolve({ kind: 'same-provider-as-sender' }), { kind: 'resolved', provider: A, stale: false, source: 'shared-directory' });
  // A sender on a third provider gets no tie-break from its own home.
  assert.deepEqual(resolve({ kind: 'same-provider-as-sender' }, C), { kind: 'ambiguous', candidates: [B, A], policy: 'same-provider-as-sender' });
});

test('policies are checked at the boundary', () => {
  assert.throws(() => identityWorld({ handleAmbiguity: { kind: 'ask-user' } as never }), {
    name: 'RangeError',
    message: 'handle policy.kind: expected one of reject, first-registered, same-provider-as-sender, got "ask-user"',
  });
  assert.throws(() => identityWorld({ numberChoice: 'first' as never }), { name: 'TypeError', message: 'number choice policy: expected an object with a kind, got "first"' });
  assert.throws(() => registerHandle(reg, alice, A, sec(4)), { name: 'RangeError', message: 'registerHandle: "alice" is already registered at provA' });
});
