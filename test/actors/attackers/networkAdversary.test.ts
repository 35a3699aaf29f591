import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackRun } from './providerAttackHelpers.ts';

const link = (actions: string[], share = 0.4) => ({ kind: 'network-adversary', a: 'provA', b: 'provB', actions, share });

test('reading a server link learns who talks to whom from routing headers; hop-by-hop TLS leaves only sizes and timing', async () => {
  const open = await attackRun('federated-mls', [link(['read'])]);
  assert.ok(open.detail.pairsCorrect! > 0, 'pairs learned from headers');
  assert.equal(open.detail.pairsLearned, open.detail.pairsCorrect, 'headers do not lie: precision 100%');
  const tls = await attackRun('federated-mls', [link(['read'])], { linkEncryption: {} });
  assert.equal(tls.detail.pairsLearned, 0);
  assert.equal(tls.attack.successes, 0);
  assert.equal(tls.detail.envelopesSeen, open.detail.envelopesSeen, 'it still sees every envelope go by');
});

test('altered ciphertexts are rejected by the recipients\' real MLS decryption; replays are discarded, never counted twice', async () => {
  const r = await attackRun('federated-mls', [link(['modify', 'replay'])]);
  assert.ok(r.detail.tampered! > 0 && r.detail.replayed! > 0);
  assert.equal(r.attack.forged, 0, 'no altered or replayed message accepted');
  const rejects = r.run.summary.rejectReasons as Record<string, number>;
  const decryptRejects = Object.entries(rejects).filter(([k]) => k.startsWith('decrypt-')).reduce((n, [, v]) => n + v, 0);
  assert.equal(decryptRejects, r.detail.tamperRejected, 'each altered copy is one ledger rejection with a decrypt reason');
  assert.ok(r.detail.tamperRejected! > 0);
  assert.ok(r.attack.detections.length > 0 && r.attack.detections.length <= r.detail.tampered! + r.detail.replayed!, 'at most one detection per altered or replayed message');
  assert.ok(r.detail.replaysDiscarded! > 0, 'replayed copies reached clients and were discarded');
});

test('dropped envelopes are ledger drops with the adversary\'s reason; delayed ones arrive late', async () => {
  const r = await attackRun('federated-mls', [link(['drop', 'delay'])]);
  const drops = r.run.summary.dropReasons as Record<string, number>;
  assert.ok(r.detail.dropped! > 0);
  assert.equal(drops['dropped-on-link'], r.detail.droppedCopies);
  assert.ok(r.detail.delayedCopies! > 0);
});

test('the same seed gives the same run with an adversary on the link', async () => {
  const a = await attackRun('federated-mls', [link(['read', 'modify', 'drop', 'replay', 'delay'])]);
  const b = await attackRun('federated-mls', [link(['read', 'modify', 'drop', 'replay', 'delay'])]);
  assert.equal(a.run.digest, b.run.digest);
});

test('a replay arriving while the original is still in its modelled decryption time is discarded, not settled twice', async () => {
  const { runScenario } = await import('../../../sim/runner/runScenario.ts');
  const { smallScenario } = await import('../../runner/smallScenario.ts');
  const replay = { ...link(['replay'], 1), replayAfterMs: 1 };
  const s = smallScenario({ attackers: [replay], mls: { cpuModel: { perOperationMicros: 200_000, perMemberMicros: 0 } } } as never);
  const r = await runScenario(s, { architecture: 'federated-mls' });
  const detail = r.attacks[0]!.detail ?? {};
  assert.ok(detail.replayed! > 0);
  assert.equal(r.attacks[0]!.forged, 0);
  assert.equal(r.summary.delivered + r.summary.dropped + r.summary.rejected, r.summary.recipientsExpected, 'one outcome per copy');
});

test('an adversary on a link the topology lacks is a scenario error naming the attacker', async () => {
  const { runScenario } = await import('../../../sim/runner/runScenario.ts');
  const { ScenarioError, validateScenario } = await import('../../../scenarios/index.ts');
  const s = validateScenario({
    name: 'badlink',
    durationSeconds: 5,
    providers: [{ id: 'a', users: 2 }, { id: 'b', users: 2 }, { id: 'c', users: 2 }],
    network: { topology: { kind: 'chain', order: ['a', 'b', 'c'] } },
    attackers: [{ kind: 'network-adversary', a: 'a', b: 'c' }],
  });
  await assert.rejects(runScenario(s), (e: unknown) => e instanceof ScenarioError && /attackers\[0\]: no link a-c in the network under federated-mls/.test(e.problems[0]!));
});
