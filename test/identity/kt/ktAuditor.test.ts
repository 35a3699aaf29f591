import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../../sim/core/index.ts';
import {
  auditSchedule,
  auditTreeHead,
  consistencyBetween,
  createAuditor,
  emptyKtLog,
  latestHead,
  publishTreeHead,
  signTreeHead,
  type AuditFinding,
  type KtAuditor,
  type KtLog,
  type SignedTreeHead,
} from '../../../sim/identity/kt/index.ts';
import { flip } from './helpers.ts';
import { A, alice, append, B, bob, carol, key, publish, schedule, sec, signerA, signerB } from './fixtures.ts';

const newAuditor = () => createAuditor({ provider: A, providerKey: signerA.publicKey, schedule, grace: seconds(2) });

/** Appends `n` bindings during epoch `e - 1`, then publishes epoch e's head at its start. */
function epoch(log: KtLog, e: number, n = 2): KtLog {
  for (let i = 0; i < n; i++) log = append(log, [alice, bob, carol][i % 3], key(e * 10 + i), sec(48 * (e - 1) + 1 + i));
  return publish(log, sec(48 * e));
}

/** The auditor asks the log for the proof from its current head to `head`, as an auditor actor would. */
function audit(a: KtAuditor, log: KtLog, head: SignedTreeHead = latestHead(log)!) {
  const proof = a.head === undefined ? undefined : consistencyBetween(log, Math.min(a.head.treeSize, head.treeSize), Math.max(a.head.treeSize, head.treeSize));
  return auditTreeHead(a, head, proof);
}

const kinds = (fs: readonly AuditFinding[]) => fs.map((f) => (f.kind === 'inconsistent' ? `inconsistent:${f.reason}` : f.kind));

test('an honest log, audited every epoch, gives no findings', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  let a = newAuditor();
  for (let e = 1; e <= 8; e++) {
    const r = audit(a, log);
    assert.deepEqual(r.findings, [], `epoch ${e - 1}`);
    a = r.auditor;
    log = epoch(log, e, e % 3);
  }
  assert.equal(a.head?.epoch, 7);
  assert.deepEqual(auditSchedule(a, sec(48 * 8 + 2)), []);
  // Seeing the same head again (from the log or from gossip) is fine, without a proof.
  assert.deepEqual(auditTreeHead(a, a.head!).findings, []);
});

test('a provider that rewrites history is caught: no consistency proof it can give verifies', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  log = epoch(log, 1, 3);
  let a = audit(newAuditor(), log).auditor;
  // The provider rebuilds its log without alice's binding of epoch 1 (say, to hide a substitute) and
  // carries on: every proof from its new tree fails against the head the auditor holds.
  let rewritten = publish(emptyKtLog(A, schedule), sec(0));
  rewritten = append(rewritten, bob, key(11), sec(1));
  rewritten = append(rewritten, bob, key(11), sec(2));
  rewritten = append(rewritten, carol, key(12), sec(3));
  rewritten = publish(rewritten, sec(48));
  rewritten = epoch(rewritten, 2);
  const r = audit(a, rewritten);
  assert.deepEqual(kinds(r.findings), ['inconsistent:bad-proof']);
  assert.equal(r.auditor.head?.epoch, 1); // the auditor keeps holding the log to its last good head
  // A proof claiming other sizes than the heads', or none at all, does not help.
  const head2 = latestHead(rewritten)!;
  assert.deepEqual(kinds(auditTreeHead(a, head2, consistencyBetween(log, 1, 3)).findings), ['inconsistent:bad-proof']);
  assert.deepEqual(kinds(auditTreeHead(a, head2).findings), ['inconsistent:bad-proof']);
  // A head with fewer entries than one already audited.
  const shrunk = signTreeHead(signerA, { epoch: 2, treeSize: 1, rootHash: head2.rootHash, publishedAt: sec(96) });
  assert.deepEqual(kinds(auditTreeHead(a, shrunk).findings), ['inconsistent:shrunk']);
  a = audit(a, epoch(log, 2)).auditor;
  assert.equal(a.head?.epoch, 2);
});

test('two signed heads for one epoch are an equivocation: a split view, with signed evidence', () => {
  const base = epoch(publish(emptyKtLog(A, schedule), sec(0)), 1);
  const a = audit(newAuditor(), base).auditor;
  const honest = epoch(base, 2);
  const forked = publish(append(base, alice, key(0x66), sec(60)), sec(96)); // shown only to a victim
  const r1 = audit(a, honest);
  assert.deepEqual(r1.findings, []);
  const r2 = auditTreeHead(r1.auditor, latestHead(forked)!); // gossiped by the victim's client
  assert.deepEqual(kinds(r2.findings), ['equivocation']);
  const f = r2.findings[0] as Extract<AuditFinding, { kind: 'equivocation' }>;
  assert.deepEqual([f.first.epoch, f.first.treeSize, f.second.epoch, f.second.treeSize], [2, 4, 2, 3]);
  assert.notDeepEqual(f.first.rootHash, f.second.rootHash);
});

test('heads must be signed by the provider, on schedule, with no epoch skipped', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  let a = audit(newAuditor(), log).auditor;
  const head = latestHead(epoch(log, 1))!;
  assert.deepEqual(kinds(auditTreeHead(a, { ...head, signature: flip(head.signature) }).findings), ['bad-tree-head']);
  assert.deepEqual(kinds(auditTreeHead(a, signTreeHead(signerB, head)).findings), ['bad-tree-head']);
  // Within the grace after the epoch start: fine; later: off schedule.
  log = append(log, bob, key(1), sec(1));
  const onTime = publishTreeHead(log, signerA, sec(50)).log;
  assert.deepEqual(audit(a, onTime).findings, []);
  const late = publishTreeHead(log, signerA, sec(50.000001)).log;
  const rl = audit(a, late);
  assert.deepEqual(kinds(rl.findings), ['off-schedule']);
  assert.deepEqual((rl.findings[0] as Extract<AuditFinding, { kind: 'off-schedule' }>).window, { from: sec(48), until: sec(50) });
  // The provider stops publishing: overdue once the next epoch start plus grace has passed.
  a = audit(a, onTime).auditor;
  assert.deepEqual(auditSchedule(a, sec(98)), []);
  assert.deepEqual(auditSchedule(a, sec(98.000001)), [{ kind: 'overdue', epoch: 2, due: sec(96), at: sec(98.000001) }]);
  // It resumes two epochs later: the gap is recorded.
  const resumed = publish(onTime, sec(192));
  const rr = audit(a, resumed);
  assert.deepEqual(kinds(rr.findings), ['missed-epochs']);
  assert.equal((rr.findings[0] as Extract<AuditFinding, { kind: 'missed-epochs' }>).missing, 2);
  assert.throws(() => createAuditor({ provider: B, providerKey: signerB.publicKey, schedule, grace: -1 as never }), {
    name: 'RangeError',
    message: 'grace: expected a non-negative integer duration, got -1',
  });
});

test('heads gossiped out of order are checked against the newest one', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  const heads: SignedTreeHead[] = [latestHead(log)!];
  for (let e = 1; e <= 4; e++) heads.push(latestHead((log = epoch(log, e)))!);
  let a = newAuditor();
  for (const h of [heads[3]!, heads[1]!, heads[4]!, heads[0]!, heads[2]!]) {
    const r = audit(a, log, h);
    a = r.auditor;
    assert.deepEqual(kinds(r.findings).filter((k) => k !== 'missed-epochs'), [], `epoch ${h.epoch}`);
  }
  assert.equal(a.head?.epoch, 4);
  assert.equal(a.byEpoch.size, 5);
});
