import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../../sim/core/index.ts';
import { encodeKeyBinding } from '../../../sim/identity/index.ts';
import {
  appendBinding,
  consistencyBetween,
  emptyKtLog,
  encodeTreeHead,
  entriesBetween,
  epochAt,
  epochSchedule,
  epochStart,
  hashLeaf,
  headAt,
  latestHead,
  lookupKey,
  merkleTreeHash,
  nextEpochStart,
  publishDue,
  publishTreeHead,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  bindingLeafHash,
  ktKeySource,
  inclusionProof,
} from '../../../sim/identity/kt/index.ts';
import { toHex } from './helpers.ts';
import { A, alice, append, B, bob, carol, key, publish, schedule, sec, signerA, signerB } from './fixtures.ts';

test('epochs: epochAt, epochStart and the next epoch start, on a 48 s period with an origin', () => {
  assert.equal(epochAt(schedule, sec(0)), 0);
  assert.equal(epochAt(schedule, sec(47.999999)), 0);
  assert.equal(epochAt(schedule, sec(48)), 1);
  assert.equal(epochStart(schedule, 3), sec(144));
  assert.equal(nextEpochStart(schedule, sec(48)), sec(96));
  const late = epochSchedule(seconds(10), sec(5));
  assert.equal(epochAt(late, sec(4)), -1);
  assert.equal(epochAt(late, sec(15)), 1);
  assert.throws(() => epochSchedule(seconds(0)), { name: 'RangeError', message: 'period: expected a positive integer duration, got 0' });
  assert.throws(() => epochSchedule(seconds(1), -1 as never), { name: 'RangeError', message: 'origin: expected a non-negative integer time, got -1' });
});

test('the log publishes one signed head per epoch over every binding appended before it', () => {
  let log = emptyKtLog(A, schedule);
  assert.equal(publishDue(log, sec(0)), true);
  log = publish(log, sec(0)); // epoch 0: the empty tree
  assert.equal(publishDue(log, sec(47)), false);
  log = append(log, alice, key(1), sec(3));
  log = append(log, bob, key(2), sec(10));
  assert.equal(publishDue(log, sec(48)), true);
  const { log: l1, head } = publishTreeHead(log, signerA, sec(48));
  assert.deepEqual(
    { provider: head.provider, epoch: head.epoch, treeSize: head.treeSize, publishedAt: head.publishedAt },
    { provider: A, epoch: 1, treeSize: 2, publishedAt: sec(48) },
  );
  // The root is the RFC 9162 MTH of the canonical binding encodings.
  const encodings = [
    encodeKeyBinding({ identity: alice, signatureKey: key(1), provider: A, issuedAt: sec(3) }),
    encodeKeyBinding({ identity: bob, signatureKey: key(2), provider: A, issuedAt: sec(10) }),
  ];
  assert.deepEqual(head.rootHash, merkleTreeHash(encodings));
  assert.deepEqual(bindingLeafHash(entriesBetween(l1, 0, 1)[0]!), hashLeaf(encodings[0]!));
  assert.equal(verifyTreeHead(signerA.publicKey, head), true);
  assert.equal(verifyTreeHead(signerB.publicKey, head), false);
  assert.equal(verifyTreeHead(signerA.publicKey, { ...head, treeSize: 3 }), false);
  assert.equal(verifyTreeHead(signerA.publicKey, { ...head, epoch: 2 }), false);
  assert.equal(verifyTreeHead(signerA.publicKey, { ...head, provider: B }), false);
  assert.equal(verifyTreeHead(signerA.publicKey, { ...head, rootHash: head.rootHash.slice(1) }), false);
  assert.equal(latestHead(l1), head);
  assert.equal(headAt(l1, sec(47))?.epoch, 0);
  // Input untouched; errors name the problem.
  assert.equal(latestHead(log)?.epoch, 0);
  assert.throws(() => publishTreeHead(l1, signerA, sec(50)), { name: 'RangeError', message: 'publishTreeHead: epoch 1 of provA already has a tree head' });
  assert.throws(() => publishTreeHead(l1, signerB, sec(96)), { name: 'RangeError', message: 'publishTreeHead: provB cannot sign the log of provA' });
  assert.throws(() => append(l1, carol, key(3), sec(40)), {
    name: 'RangeError',
    message: 'appendBinding: time 40.000000s is before the last change to the log of provA at 48.000000s',
  });
  assert.throws(() => appendBinding(l1, { identity: carol, signatureKey: new Uint8Array(), at: sec(50) }), { name: 'RangeError', message: 'signatureKey: empty' });
  // A late call publishes for the epoch in force; the skipped epoch stays missing.
  const late = publish(l1, sec(150));
  assert.deepEqual([late.heads.at(2)?.epoch, late.heads.at(2)?.publishedAt], [3, sec(150)]);
});

test('the head encoding is canonical: label, provider, epoch, size, root, time', () => {
  const root = new Uint8Array(32).fill(7);
  const enc = encodeTreeHead({ provider: A, epoch: 2, treeSize: 5, rootHash: root, publishedAt: sec(96) });
  const label = 'interop-sim/identity/kt/tree-head/v1';
  const u32 = (n: number) => Buffer.from([0, 0, 0, n]);
  const u64 = (n: number) => Buffer.from(n.toString(16).padStart(16, '0'), 'hex');
  assert.equal(toHex(enc), Buffer.concat([u32(label.length), Buffer.from(label), u32(5), Buffer.from('provA'), u64(2), u64(5), u32(32), root, u64(96_000_000)]).toString('hex'));
  assert.throws(() => encodeTreeHead({ provider: A, epoch: -1, treeSize: 0, rootHash: root, publishedAt: sec(0) }), {
    name: 'RangeError',
    message: 'epoch: expected a non-negative integer, got -1',
  });
});

test('a lookup returns the latest binding in the latest head, with an inclusion proof against it', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  assert.deepEqual(lookupKey(log, alice, sec(1)), { kind: 'absent', reason: 'not-logged' });
  assert.deepEqual(lookupKey(emptyKtLog(A, schedule), alice, sec(1)), { kind: 'absent', reason: 'no-tree-head' });
  log = append(log, alice, key(1), sec(1));
  log = append(log, bob, key(2), sec(2));
  // Appended but not yet in a head: not servable (KT's publication latency).
  assert.deepEqual(lookupKey(log, alice, sec(2)), { kind: 'absent', reason: 'not-logged' });
  log = publish(log, sec(48));
  log = append(log, alice, key(3), sec(50)); // a rotation, not yet published
  const found = lookupKey(log, alice, sec(60));
  assert.equal(found.kind, 'found');
  if (found.kind !== 'found') return;
  assert.equal(found.index, 0);
  assert.deepEqual(found.record.signatureKey, key(1));
  const { head, proof } = found.record.transparency!;
  assert.deepEqual([head.epoch, proof.treeSize, proof.leafIndex], [1, 2, 0]);
  assert.equal(verifyInclusion(bindingLeafHash({ identity: alice, signatureKey: key(1), provider: A, issuedAt: sec(1) }), proof, head.rootHash), true);
  log = publish(log, sec(96));
  const rotated = lookupKey(log, alice, sec(96));
  assert.equal(rotated.kind === 'found' && rotated.record.signatureKey[0], 3);
  // Asked about an earlier instant, it answers from the head published then.
  const before = lookupKey(log, alice, sec(95));
  assert.equal(before.kind === 'found' && before.record.signatureKey[0], 1);
  // As a KeySource, routed to the identity's home log.
  const source = ktKeySource(new Map([[A, log]]), (id) => (id.kind === 'hierarchical' ? id.provider : undefined));
  assert.deepEqual(source.lookupKey(alice, sec(100))?.signatureKey, key(3));
  assert.equal(source.lookupKey(carol, sec(100)), undefined);
});

test('the log serves consistency proofs between any two of its heads', () => {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  for (let e = 1; e <= 6; e++) {
    for (let i = 0; i < e; i++) log = append(log, bob, key(e * 10 + i), sec(48 * (e - 1) + 1 + i));
    log = publish(log, sec(48 * e));
  }
  const heads = log.heads.slice();
  for (const h1 of heads) {
    for (const h2 of heads.filter((h) => h.epoch >= h1.epoch)) {
      assert.equal(verifyConsistency(h1.rootHash, h2.rootHash, consistencyBetween(log, h1.treeSize, h2.treeSize)), true, `${h1.epoch}->${h2.epoch}`);
    }
  }
  assert.deepEqual(heads.map((h) => h.treeSize), [0, 1, 3, 6, 10, 15, 21]);
  assert.deepEqual(rootHash(log.tree, 21), heads[6]!.rootHash);
});

test('a log of 5,000 bindings answers lookups with proofs of at most ceil(log2 n) hashes', () => {
  let log = emptyKtLog(A, schedule);
  for (let i = 0; i < 5_000; i++) log = appendBinding(log, { identity: i % 2 ? alice : bob, signatureKey: key(i % 251), at: sec(i / 1000) }).log;
  log = publish(log, sec(48));
  const found = lookupKey(log, alice, sec(48));
  assert.equal(found.kind === 'found' && found.index, 4_999);
  if (found.kind !== 'found') return;
  // Leaf 4999 lies in the last complete subtree of 8 (5000 = 4096 + 512 + 256 + 128 + 8): 3 + 4 hashes.
  const { proof, head } = found.record.transparency!;
  assert.equal(proof.path.length, 7);
  assert.equal(verifyInclusion(bindingLeafHash({ identity: alice, signatureKey: key(4999 % 251), provider: A, issuedAt: sec(4.999) }), proof, head.rootHash), true);
  for (const i of [0, 1234, 4095, 4096]) assert.ok(inclusionProof(log.tree, i).path.length <= 13);
});
