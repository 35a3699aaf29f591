import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../sim/core/index.ts';
import {
  classifyAt,
  classifyResolution,
  emptyNumberDb,
  hierarchical,
  identityWorld,
  parseE164,
  phone,
  portNumber,
  providerView,
  registerNumber,
  resolveIn,
  withNumbers,
} from '../../sim/identity/index.ts';
import { A, B, C, sec } from './helpers.ts';

test('classification against the true owners', () => {
  assert.deepEqual(classifyResolution({ kind: 'resolved', provider: A, stale: false, source: 'name' }, [A]), { kind: 'correct', provider: A });
  assert.deepEqual(classifyResolution({ kind: 'resolved', provider: A, stale: true, source: 'cache' }, [B]), { kind: 'misrouted', provider: A, owners: [B], viaStale: true });
  assert.deepEqual(classifyResolution({ kind: 'ambiguous', candidates: [A, B], policy: 'ask-user' }, [A, B]), { kind: 'ambiguous', candidates: [A, B] });
  assert.deepEqual(classifyResolution({ kind: 'unresolvable', reason: 'not-on-home-provider' }, [C]), { kind: 'unresolvable', missed: true });
  assert.deepEqual(classifyResolution({ kind: 'unresolvable', reason: 'not-registered' }, []), { kind: 'unresolvable', missed: false });
});

test('a stale view misroutes during the window and is correct after', () => {
  const n = parseE164('+33612345678');
  const w = withNumbers(identityWorld(), portNumber(registerNumber(emptyNumberDb(seconds(30)), n, A, sec(0)), n, A, B, sec(10)));
  const through = (t: number) => classifyAt(w, phone(n), sec(t), resolveIn(w, phone(n), providerView(A), A, sec(t)));
  assert.deepEqual(through(5), { kind: 'correct', provider: A });
  assert.deepEqual(through(20), { kind: 'misrouted', provider: A, owners: [B], viaStale: true });
  assert.deepEqual(through(40), { kind: 'unresolvable', missed: true });
  const addr = hierarchical('bob', 'provC');
  assert.deepEqual(classifyAt(w, addr, sec(0), resolveIn(w, addr, providerView(C), A, sec(0))), { kind: 'correct', provider: C });
});
