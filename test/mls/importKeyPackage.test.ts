// engine.importKeyPackage: a member from a serialized KeyPackage and its raw private keys (the
// RFC 9420 passive-client vectors' form), with every key checked against the KeyPackage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ImportKeyPackageOptions, RejectReason } from '../../sim/mls/engine.ts';
import { expectOk, seededBytes, testEngine } from './helpers.ts';

const engine = testEngine();
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
interface PassiveCase {
  cipher_suite: number;
  key_package: string;
  init_priv: string;
  encryption_priv: string;
  signature_priv: string;
  welcome: string;
  ratchet_tree: string | null;
  external_psks: { psk_id: string; psk: string }[];
  initial_epoch_authenticator: string;
}
const cases = JSON.parse(readFileSync(new URL('./fixtures/vectors/passive-client-welcome.json', import.meta.url), 'utf8')) as PassiveCase[];

const optionsOf = (c: PassiveCase): ImportKeyPackageOptions => ({
  keyPackage: hex(c.key_package),
  initPrivateKey: hex(c.init_priv),
  encryptionPrivateKey: hex(c.encryption_priv),
  signaturePrivateKey: hex(c.signature_priv),
  randomBytes: seededBytes('imported'),
});

function assertRejected(r: { kind: string; reason?: RejectReason; detail?: string }, reason: RejectReason, detail: RegExp) {
  assert.equal(r.kind, 'rejected');
  assert.equal(r.reason, reason, r.detail);
  assert.match(r.detail ?? '', detail);
}

test('the vector keys import: a member of the KeyPackage suite that joins from the Welcome', async () => {
  for (const c of cases.filter((x) => x.ratchet_tree === null)) {
    const r = expectOk(await engine.importKeyPackage(optionsOf(c)), `suite ${c.cipher_suite}`);
    assert.equal(engine.memberCiphersuite(r.member), c.cipher_suite);
    assert.equal(Buffer.from(engine.keyPackageRef(r.keyPackagePrivate)).toString('hex'), Buffer.from(engine.keyPackageRef(hex(c.key_package))).toString('hex'));
    const psks = c.external_psks.map((p) => ({ id: hex(p.psk_id), secret: hex(p.psk) }));
    const joined = expectOk(await engine.joinFromWelcome(r.member, hex(c.welcome), r.keyPackagePrivate, { externalPsks: psks }));
    assert.equal(Buffer.from(engine.epochAuthenticator(joined.state)).toString('hex'), c.initial_epoch_authenticator);
  }
});

test('a private key that does not match its public key is invalid, naming which', async () => {
  const c = cases[0]!;
  const o = optionsOf(c);
  assertRejected(await engine.importKeyPackage({ ...o, initPrivateKey: o.encryptionPrivateKey }), 'invalid', /^initPrivateKey: does not match the KeyPackage init_key$/);
  assertRejected(await engine.importKeyPackage({ ...o, encryptionPrivateKey: o.initPrivateKey }), 'invalid', /^encryptionPrivateKey: does not match the leaf node encryption_key$/);
  const other = o.signaturePrivateKey.slice();
  other[0]! ^= 1;
  assertRejected(await engine.importKeyPackage({ ...o, signaturePrivateKey: other }), 'invalid', /^signaturePrivateKey: does not match the leaf node signature_key$/);
  assertRejected(await engine.importKeyPackage({ ...o, initPrivateKey: o.initPrivateKey.subarray(1) }), 'malformed', /must be 32 bytes, got 31|Invalid private key/);
});

test('a KeyPackage that does not decode is malformed; one whose signature breaks is bad-signature', async () => {
  const o = optionsOf(cases[0]!);
  assertRejected(await engine.importKeyPackage({ ...o, keyPackage: seededBytes('junk')(300) }), 'malformed', /does not decode/);
  const flipped = o.keyPackage.slice();
  flipped[flipped.length - 1]! ^= 1; // the KeyPackage signature's last byte
  assertRejected(await engine.importKeyPackage({ ...o, keyPackage: flipped }), 'bad-signature', /signature does not verify/);
  await assert.rejects(engine.importKeyPackage({ ...o, initPrivateKey: 'ab' as unknown as Uint8Array }), { name: 'TypeError', message: 'initPrivateKey: expected bytes' });
  await assert.rejects(engine.importKeyPackage({ ...o, randomBytes: undefined as never }), TypeError);
});
