import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrangementBetween, compareProtection, isUniform, protectionOf, type Arrangement, type RunInfo } from '../../../sim/trace/perPair/index.ts';

test('arrangementBetween: intra for a provider with itself, the listed pair either way round, else the default', () => {
  const run: RunInfo = { defaultArrangement: 'none', pairs: [{ a: 'gate', b: 'ent1', arrangement: 'bridge-e2ee' }], defaultProtocol: 'mls', protocols: { gate: 'signal' } };
  assert.deepEqual(arrangementBetween(run, 'gate', 'gate'), { arrangement: 'intra', protocols: ['signal', 'signal'] });
  assert.deepEqual(arrangementBetween(run, 'gate', 'ent1'), { arrangement: 'bridge-e2ee', protocols: ['signal', 'mls'] });
  assert.deepEqual(arrangementBetween(run, 'ent1', 'gate'), { arrangement: 'bridge-e2ee', protocols: ['mls', 'signal'] });
  assert.deepEqual(arrangementBetween(run, 'ent1', 'ent2'), { arrangement: 'none', protocols: ['mls', 'mls'] });
  assert.equal(isUniform(run), false);
  assert.equal(isUniform({ defaultArrangement: 'federated', defaultProtocol: 'mls' }), true);
  assert.equal(isUniform({ defaultArrangement: 'federated', defaultProtocol: 'mls', pairs: [{ a: 'x', b: 'y', arrangement: 'federated' }] }), true);
});

test('protection order: cleartext < bridge-reencrypt < bridge-e2ee = client-api < federated = hub = intra; protocol, then suite, break ties', () => {
  const p = (arrangement: Arrangement, a = 'mls', b = 'mls', pq = false) => protectionOf({ arrangement, protocols: [a, b] }, pq);
  const chain = [p('cleartext'), p('bridge-reencrypt'), p('bridge-e2ee'), p('federated', 'signal', 'mls'), p('federated'), p('federated', 'mls', 'mls', true)];
  for (let i = 1; i < chain.length; i++) assert.ok(compareProtection(chain[i - 1]!, chain[i]!) < 0, `${i - 1} < ${i}`);
  assert.equal(compareProtection(p('bridge-e2ee'), p('client-api')), 0);
  assert.equal(compareProtection(p('hub'), p('intra')), 0);
  assert.equal(compareProtection(p('intra', 'mls', 'mls', true), p('intra'), false), 0, 'the promise comparison ignores the suite');
  assert.equal(p('federated', 'signal', 'mls').protocol, 'signal', 'the weaker side names the protocol');
});
