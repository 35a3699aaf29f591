import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams } from '../../sim/core/index.ts';
import {
  attestKey,
  createVerifier,
  currentKey,
  directoryKeySource,
  emptyKeyDirectory,
  encodeKeyBinding,
  hierarchical,
  keyHistory,
  providerSigner,
  publishKey,
  signerFromSeed,
  verifyAttestation,
  type KeyObservation,
  type KeyRecord,
  type KeyVerifier,
} from '../../sim/identity/index.ts';
import { A, B, sec } from './helpers.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const key = (n: number) => new Uint8Array(32).fill(n);
const bob = hierarchical('bob', 'provA');
const streams = new RandomStreams('identity-test');
const signerA = providerSigner(A, (n) => streams.stream('keys/provA').bytes(n));
const signerB = providerSigner(B, (n) => streams.stream('keys/provB').bytes(n));

test('Ed25519 against RFC 8032 §7.1 test vectors 1 and 2', () => {
  const s1 = signerFromSeed(A, hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'));
  assert.equal(toHex(s1.publicKey), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  assert.equal(
    toHex(s1.sign(new Uint8Array())),
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  );
  const s2 = signerFromSeed(A, hex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'));
  assert.equal(toHex(s2.publicKey), '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c');
  assert.equal(
    toHex(s2.sign(hex('72'))),
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  );
});

test('the directory keeps every key with its time; the current key is the latest not after t', () => {
  let dir = emptyKeyDirectory(A);
  dir = publishKey(dir, { identity: bob, signatureKey: key(1), keyPackageRefs: [key(9)], at: sec(10) });
  const before = dir;
  dir = publishKey(dir, { identity: bob, signatureKey: key(2), at: sec(20) });
  assert.deepEqual(keyHistory(dir, bob).map((r) => [r.signatureKey[0], r.publishedAt]), [[1, sec(10)], [2, sec(20)]]);
  assert.equal(currentKey(dir, bob, sec(5)), undefined);
  assert.equal(currentKey(dir, bob, sec(15))?.signatureKey[0], 1);
  assert.equal(currentKey(dir, bob, sec(25))?.signatureKey[0], 2);
  assert.equal(keyHistory(before, bob).length, 1);
  assert.deepEqual(currentKey(dir, bob, sec(15))?.keyPackageRefs, [key(9)]);
  assert.throws(() => publishKey(dir, { identity: bob, signatureKey: key(3), at: sec(19) }), {
    name: 'RangeError',
    message: 'publishKey: time 19.000000s is before the last change to "bob@provA" at 20.000000s',
  });
  assert.throws(() => publishKey(dir, { identity: bob, signatureKey: key(3), at: sec(30) }, signerB), {
    name: 'RangeError',
    message: 'publishKey: provB cannot attest keys in the directory of provA',
  });
  assert.throws(() => publishKey(dir, { identity: bob, signatureKey: new Uint8Array(), at: sec(30) }), { name: 'RangeError', message: 'signatureKey: empty' });
});

test('TOFU pins the first key per viewer and warns when it changes', () => {
  let dir = publishKey(emptyKeyDirectory(A), { identity: bob, signatureKey: key(1), at: sec(0) });
  const src = directoryKeySource(dir);
  const seen = (v: KeyVerifier, viewer: string, record: KeyRecord) => v.verify({ viewer, contact: bob, home: A, record, at: sec(0) });
  let v = createVerifier({ kind: 'tofu', onChange: 'repin' });
  let r = seen(v, 'alice', src.lookupKey(bob, sec(1))!);
  assert.deepEqual(r.verdict, { kind: 'accepted', basis: 'first-use' });
  v = r.verifier;
  assert.deepEqual(seen(v, 'alice', src.lookupKey(bob, sec(2))!).verdict, { kind: 'accepted', basis: 'pinned' });
  dir = publishKey(dir, { identity: bob, signatureKey: key(2), at: sec(5) });
  const changed = currentKey(dir, bob, sec(6))!;
  r = seen(v, 'alice', changed);
  assert.deepEqual(r.verdict, { kind: 'key-changed', previous: key(1), presented: key(2), repinned: true });
  assert.deepEqual(seen(r.verifier, 'alice', changed).verdict, { kind: 'accepted', basis: 'pinned' });
  // Another viewer has its own pins.
  assert.deepEqual(seen(v, 'carol', changed).verdict, { kind: 'accepted', basis: 'first-use' });
  // keep-pin warns on every use.
  let k = seen(createVerifier({ kind: 'tofu', onChange: 'keep-pin' }), 'alice', currentKey(dir, bob, sec(1))!).verifier;
  for (let i = 0; i < 2; i++) {
    const w = seen(k, 'alice', changed);
    assert.deepEqual(w.verdict, { kind: 'key-changed', previous: key(1), presented: key(2), repinned: false });
    k = w.verifier;
  }
});

test('provider attestation: a valid binding verifies; a tampered key or another provider key fails', () => {
  const dir = publishKey(emptyKeyDirectory(A), { identity: bob, signatureKey: key(7), at: sec(3) }, signerA);
  const record = currentKey(dir, bob, sec(3))!;
  const trust = new Map([[A, signerA.publicKey], [B, signerB.publicKey]]);
  const observe = (o: Partial<KeyObservation>, t = trust) =>
    createVerifier({ kind: 'provider-attested', trust: t }).verify({ viewer: 'alice', contact: bob, home: A, record, at: sec(4), ...o }).verdict;
  assert.deepEqual(observe({}), { kind: 'accepted', basis: 'attested' });
  assert.deepEqual(observe({ record: { ...record, signatureKey: key(8) } }), { kind: 'rejected', reason: 'bad-signature' });
  assert.deepEqual(observe({}, new Map([[A, signerB.publicKey]])), { kind: 'rejected', reason: 'bad-signature' });
  assert.deepEqual(observe({}, new Map()), { kind: 'rejected', reason: 'unknown-provider' });
  assert.deepEqual(observe({ home: B }), { kind: 'rejected', reason: 'wrong-provider' });
  assert.deepEqual(observe({ record: { ...record, attestation: undefined } }), { kind: 'rejected', reason: 'no-attestation' });
  assert.deepEqual(observe({ contact: hierarchical('eve', 'provA') }), { kind: 'rejected', reason: 'identity-mismatch' });
  // A substitute key attested by B, claimed to be from A, fails under A's key.
  const forged = { ...attestKey(signerB, bob, key(8), sec(3)), provider: A };
  assert.deepEqual(observe({ record: { ...record, signatureKey: key(8), attestation: forged } }), { kind: 'rejected', reason: 'bad-signature' });
  // Every field of the binding is covered, the time included.
  const a = record.attestation!;
  assert.equal(verifyAttestation(signerA.publicKey, bob, key(7), a), true);
  assert.equal(verifyAttestation(signerA.publicKey, bob, key(7), { ...a, issuedAt: sec(4) }), false);
  assert.equal(verifyAttestation(signerA.publicKey, hierarchical('bob', 'provB'), key(7), a), false);
  assert.equal(verifyAttestation(signerA.publicKey, bob, key(7), { ...a, signature: a.signature.slice(0, 63) }), false);
  // With no verification anything passes.
  assert.deepEqual(createVerifier({ kind: 'none' }).verify({ viewer: 'alice', contact: bob, home: B, record: { ...record, attestation: undefined }, at: sec(4) }).verdict, {
    kind: 'accepted',
    basis: 'unverified',
  });
});

test('same seed bytes give the same keys and attestation bytes; another seed gives others', () => {
  const attestWith = (seed: string) => {
    const s = new RandomStreams(seed);
    const signer = providerSigner(A, (n) => s.stream('keys/provA').bytes(n));
    return [toHex(signer.publicKey), toHex(attestKey(signer, bob, key(1), sec(9)).signature)];
  };
  assert.deepEqual(attestWith('seed-1'), attestWith('seed-1'));
  assert.notDeepEqual(attestWith('seed-1'), attestWith('seed-2'));
  assert.throws(() => providerSigner(A, () => new Uint8Array(31)), { name: 'RangeError', message: 'randomBytes(32): expected 32 bytes, got 31' });
});

test('the binding encoding is canonical: label, length-prefixed fields, u64 time', () => {
  const enc = encodeKeyBinding({ identity: bob, signatureKey: hex('0102'), provider: A, issuedAt: sec(1) });
  const label = 'interop-sim/identity/key-binding/v1';
  const expected = Buffer.concat([
    Buffer.from([0, 0, 0, label.length]), Buffer.from(label),
    Buffer.from([0, 0, 0, 9]), Buffer.from('bob@provA'),
    Buffer.from([0, 0, 0, 2, 1, 2]),
    Buffer.from([0, 0, 0, 5]), Buffer.from('provA'),
    Buffer.from('00000000000f4240', 'hex'),
  ]);
  assert.equal(toHex(enc), expected.toString('hex'));
  assert.throws(() => encodeKeyBinding({ identity: bob, signatureKey: hex('01'), provider: A, issuedAt: -1 as never }), {
    name: 'RangeError',
    message: 'issuedAt: expected a non-negative integer time, got -1',
  });
});
