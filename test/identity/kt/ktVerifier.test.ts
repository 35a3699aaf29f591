import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seconds } from '../../../sim/core/index.ts';
import { attestKey, currentKey, emptyKeyDirectory, publishKey, type KeyObservation, type KeyRecord } from '../../../sim/identity/index.ts';
import {
  emptyKtLog,
  ktVerifier,
  lookupKey,
  signTreeHead,
  transparencyOf,
  withTransparency,
  bindingLeafHash,
  verifyInclusion,
  type KtKeyRecord,
  type KtLog,
  type KtVerdict,
} from '../../../sim/identity/kt/index.ts';
import { flip } from './helpers.ts';
import { A, alice, append, B, bob, carol, key, publish, schedule, sec, signerA, signerB, trust } from './fixtures.ts';

/** provA's log: alice's key(1) and bob's key(2) appended in epoch 0, published at 48 s. */
function aliceLogged(): KtLog {
  let log = publish(emptyKtLog(A, schedule), sec(0));
  log = append(log, alice, key(1), sec(1));
  log = append(log, bob, key(2), sec(2));
  return publish(log, sec(48));
}

const genuine = (log: KtLog): KtKeyRecord => {
  const r = lookupKey(log, alice, sec(50));
  assert.equal(r.kind, 'found');
  return (r as Extract<typeof r, { kind: 'found' }>).record;
};

const observe = (record: KeyRecord, o: Partial<KeyObservation> = {}, v = ktVerifier({ trust })): KtVerdict =>
  v.verify({ viewer: 'bob-phone', contact: alice, home: A, record, at: sec(50), ...o }).verdict;

const rejected = (reason: string) => ({ kind: 'rejected', reason });

test('a key with a valid inclusion proof against a head signed by the contact home is accepted', () => {
  const record = genuine(aliceLogged());
  const v = ktVerifier({ trust });
  assert.equal(v.mode, 'key-transparency');
  const r = v.verify({ viewer: 'bob-phone', contact: alice, home: A, record, at: sec(50) });
  assert.deepEqual(r.verdict, { kind: 'accepted', basis: 'logged' });
  // The verifier remembers the head it relied on (what clients gossip to auditors); the input is unchanged.
  assert.equal(r.verifier.seen.get(A)?.epoch, 1);
  assert.equal(v.seen.get(A), undefined);
});

test('a substitute key served WITHOUT being logged is rejected, whatever evidence it borrows', () => {
  const log = aliceLogged();
  const record = genuine(log);
  const evidence = transparencyOf(record)!;
  const substitute = key(0x66);
  // No evidence at all: what a provider-attested or unverified directory would serve.
  const dir = publishKey(emptyKeyDirectory(A), { identity: alice, signatureKey: substitute, at: sec(49) }, signerA);
  assert.deepEqual(observe(currentKey(dir, alice, sec(50))!), rejected('unlogged'));
  // The genuine key's proof and head, with the substitute key: the leaf is not in the tree.
  assert.deepEqual(observe({ ...record, signatureKey: substitute }), rejected('bad-inclusion-proof'));
  // Another identity's genuine proof (bob's leaf is in the tree, but bound to bob and key(2)).
  const bobs = lookupKey(log, bob, sec(50));
  assert.equal(bobs.kind, 'found');
  if (bobs.kind !== 'found') return;
  assert.deepEqual(observe(withTransparency({ ...record, signatureKey: substitute }, transparencyOf(bobs.record))), rejected('bad-inclusion-proof'));
  assert.deepEqual(observe(withTransparency({ ...record, signatureKey: key(2) }, transparencyOf(bobs.record))), rejected('bad-inclusion-proof'));
  // A head over a tree holding the substitute, signed by anyone but the home provider.
  const forged = { ...signTreeHead(signerB, { ...evidence.head }), provider: A };
  assert.deepEqual(observe(withTransparency(record, { ...evidence, head: forged })), rejected('bad-tree-head'));
  assert.deepEqual(observe(withTransparency(record, { ...evidence, head: signTreeHead(signerB, evidence.head) })), rejected('wrong-provider'));
});

test('every field of the evidence is checked: head, proof size, binding time, identity, trust', () => {
  const record = genuine(aliceLogged());
  const { head, proof } = transparencyOf(record)!;
  const withEv = (e: Partial<typeof head> | undefined, p: Partial<typeof proof> = {}) =>
    withTransparency(record, { head: e === undefined ? head : { ...head, ...e }, proof: { ...proof, ...p } });
  assert.deepEqual(observe(withEv({ treeSize: head.treeSize + 1 })), rejected('bad-tree-head'));
  assert.deepEqual(observe(withEv({ rootHash: flip(head.rootHash) })), rejected('bad-tree-head'));
  assert.deepEqual(observe(withEv({ signature: flip(head.signature) })), rejected('bad-tree-head'));
  // The audit path does not pin the size (merkle.test.ts): in a 3-leaf tree, leaf 0's path also verifies
  // as size 4 against the same root, so only the check that the proof is for the head's size stops it.
  const three = publish(append(append(append(publish(emptyKtLog(A, schedule), sec(0)), alice, key(1), sec(1)), bob, key(2), sec(2)), carol, key(3), sec(3)), sec(48));
  const r3 = genuine(three);
  const e3 = transparencyOf(r3)!;
  const leaf = bindingLeafHash({ identity: alice, signatureKey: key(1), provider: A, issuedAt: sec(1) });
  assert.equal(verifyInclusion(leaf, { ...e3.proof, treeSize: 4 }, e3.head.rootHash), true);
  assert.deepEqual(observe(withTransparency(r3, { ...e3, proof: { ...e3.proof, treeSize: 4 } })), rejected('bad-inclusion-proof'));
  assert.deepEqual(observe(r3), { kind: 'accepted', basis: 'logged' });
  assert.deepEqual(observe(withEv(undefined, { leafIndex: 1 })), rejected('bad-inclusion-proof'));
  assert.deepEqual(observe(withEv(undefined, { path: proof.path.map((h, i) => (i === 0 ? flip(h) : h)) })), rejected('bad-inclusion-proof'));
  // The logged binding carries its time: a record claiming another publication time is not the logged one.
  assert.deepEqual(observe({ ...record, publishedAt: sec(2) } as KtKeyRecord), rejected('bad-inclusion-proof'));
  assert.deepEqual(observe(record, { contact: bob }), rejected('identity-mismatch'));
  assert.deepEqual(observe(record, { home: B }), rejected('wrong-provider'));
  assert.deepEqual(observe(record, {}, ktVerifier({ trust: new Map([[B, signerB.publicKey]]) })), rejected('unknown-provider'));
  assert.deepEqual(observe(record, {}, ktVerifier({ trust: new Map([[A, signerB.publicKey]]) })), rejected('bad-tree-head'));
  // Freshness, when asked for.
  const fresh = ktVerifier({ trust, maxHeadAge: seconds(60) });
  assert.deepEqual(observe(record, { at: sec(108) }, fresh), { kind: 'accepted', basis: 'logged' });
  assert.deepEqual(observe(record, { at: sec(108.000001) }, fresh), rejected('stale-tree-head'));
  // A provider attestation is no substitute for a log.
  const attested = { ...record, transparency: undefined, attestation: attestKey(signerA, alice, key(1), sec(1)) };
  assert.deepEqual(observe(attested), rejected('unlogged'));
  assert.throws(() => ktVerifier({ trust: {} as never }), { name: 'TypeError', message: 'key-transparency.trust: expected a Map, got object' });
});

test('the verifier keeps the newest head per provider and never lets a second head of an epoch overwrite the first', () => {
  const log = aliceLogged();
  let v = ktVerifier({ trust });
  v = v.verify({ viewer: 'bob-phone', contact: alice, home: A, record: genuine(log), at: sec(50) }).verifier;
  const first = v.seen.get(A)!;
  // The same epoch again (or an older one) leaves the remembered head alone.
  const later = publish(append(log, alice, key(1), sec(60)), sec(96));
  const r96 = lookupKey(later, alice, sec(96));
  assert.equal(r96.kind, 'found');
  if (r96.kind !== 'found') return;
  const v2 = v.verify({ viewer: 'bob-phone', contact: alice, home: A, record: r96.record, at: sec(96) }).verifier;
  assert.equal(v2.seen.get(A)?.epoch, 2);
  assert.equal(v2.verify({ viewer: 'bob-phone', contact: alice, home: A, record: genuine(log), at: sec(97) }).verifier.seen.get(A)?.epoch, 2);
  assert.equal(first.epoch, 1);
});
