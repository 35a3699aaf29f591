// The external_pub GroupInfo extension follows RFC 9420 §12.4.3.2 (the HPKE public key behind its
// varint length), external joins still work, and each way a GroupInfo can be wrong gets its own reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeMlsMessage, encodeMlsMessage, type GroupInfo } from 'ts-mls';
import { signGroupInfo } from 'ts-mls/groupInfo.js';
import type { MemberKeys, RejectReason } from '../../sim/mls/engine.ts';
import { decodeExternalPub, encodeExternalPub } from '../../sim/mls/tsMls/externalPub.ts';
import { asMember } from '../../sim/mls/tsMls/handles.ts';
import { buildGroup, expectOk, seededBytes, testEngine } from './helpers.ts';

const engine = testEngine();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function groupInfoOf(bytes: Uint8Array): GroupInfo {
  const m = decodeMlsMessage(bytes, 0)?.[0];
  assert.ok(m !== undefined && m.wireformat === 'mls_group_info', 'decodes as a GroupInfo MLSMessage');
  return m.groupInfo;
}

const externalPubData = (gi: GroupInfo) => gi.extensions.find((e) => e.extensionType === 'external_pub')?.extensionData;

/** The GroupInfo with its external_pub data replaced, signed again by the original signer. */
async function withExternalPub(bytes: Uint8Array, data: Uint8Array, signer: MemberKeys): Promise<Uint8Array> {
  const gi = groupInfoOf(bytes);
  const extensions = gi.extensions.map((e) => (e.extensionType === 'external_pub' ? { ...e, extensionData: data } : e));
  const m = asMember(signer);
  const { signature: _old, ...tbs } = gi;
  const signed = await signGroupInfo({ ...tbs, extensions }, m.signKey, m.suite.impl.signature);
  return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: signed });
}

function assertRejected(r: { kind: string; reason?: RejectReason; detail?: string }, reason: RejectReason, what: string) {
  assert.equal(r.kind, 'rejected', `${what}: expected a rejection, got ${r.kind}`);
  assert.equal(r.reason, reason, `${what}: ${r.detail}`);
}

test('groupInfo and commit({ groupInfo }) write external_pub as opaque HPKEPublicKey<V>: 0x20 then 32 bytes for X25519', async () => {
  const [alice] = await buildGroup(engine, 1, ['alice', 'bob']);
  const c = expectOk(await engine.commit(alice!.state, { forcePath: true, groupInfo: true }));
  for (const bytes of [await engine.groupInfo(alice!.state), c.groupInfo!]) {
    const data = externalPubData(groupInfoOf(bytes));
    assert.ok(data !== undefined, 'has external_pub');
    assert.equal(data.length, 33);
    assert.equal(data[0], 0x20, 'one-byte varint length 32');
    assert.equal(decodeExternalPub(data).length, 32);
  }
});

test('the RFC 9420 vectors GroupInfo external_pub decodes and re-encodes to the same bytes', () => {
  const cases = JSON.parse(readFileSync(new URL('./fixtures/vectors/messages.json', import.meta.url), 'utf8')) as { mls_group_info: string }[];
  for (const [i, c] of cases.entries()) {
    const data = externalPubData(groupInfoOf(Buffer.from(c.mls_group_info, 'hex')));
    assert.ok(data !== undefined, `case ${i}: has external_pub`);
    const key = decodeExternalPub(data);
    assert.equal(key.length, 32, `case ${i}`);
    assert.equal(hex(encodeExternalPub(key)), hex(data), `case ${i}`);
  }
});

test('an external join through the RFC-encoded GroupInfo is followed by the members', async () => {
  const [alice, bob] = await buildGroup(engine, 1, ['alice', 'bob']);
  const dave = await engine.createMember({ identity: 'dave', ciphersuite: 1, randomBytes: seededBytes('dave') });
  const j = expectOk(await engine.joinExternal(dave, await engine.groupInfo(alice!.state)), 'external join');
  for (const p of [alice!, bob!]) {
    const r = expectOk(await engine.processHandshake(p.state, j.commit), `${p.name} processes the external commit`);
    assert.equal(hex(engine.epochAuthenticator(r.state)), hex(engine.epochAuthenticator(j.state)));
    assert.deepEqual(engine.members(r.state).map((m) => m.identity).sort(), ['alice', 'bob', 'dave']);
  }
});

test('GroupInfo defects: wrong external_pub length is malformed, a low-order key invalid, a flipped signature bit bad-signature', async () => {
  const ps = await buildGroup(engine, 1, ['alice', 'bob']);
  const alice = ps[0]!;
  const gi = await engine.groupInfo(alice.state);
  const key = decodeExternalPub(externalPubData(groupInfoOf(gi))!);
  const dave = await engine.createMember({ identity: 'dave', ciphersuite: 1, randomBytes: seededBytes('dave') });

  // The ts-mls 1.6.4 form: the raw key, no length prefix (0x?? read as a length that does not fit).
  assertRejected(await engine.joinExternal(dave, await withExternalPub(gi, key, alice.member)), 'malformed', 'unprefixed key');
  // Prefixed correctly, but 31 bytes: not an X25519 public key.
  assertRejected(await engine.joinExternal(dave, await withExternalPub(gi, encodeExternalPub(key.subarray(1)), alice.member)), 'malformed', '31-byte key');
  // Trailing bytes after the HPKEPublicKey.
  assertRejected(await engine.joinExternal(dave, await withExternalPub(gi, Uint8Array.of(...encodeExternalPub(key), 0), alice.member)), 'malformed', 'trailing byte');
  // The all-zero point has low order: X25519 gives an all-zero shared secret (RFC 9180 §7.1.4).
  assertRejected(await engine.joinExternal(dave, await withExternalPub(gi, encodeExternalPub(new Uint8Array(32)), alice.member)), 'invalid', 'low-order key');
  // A well-formed GroupInfo whose signature has one bit flipped.
  const flipped = gi.slice();
  flipped[flipped.length - 1]! ^= 0x01;
  assertRejected(await engine.joinExternal(dave, flipped), 'bad-signature', 'flipped signature bit');
  // Re-signed by someone else than the signer leaf.
  assertRejected(await engine.joinExternal(dave, await withExternalPub(gi, encodeExternalPub(key), ps[1]!.member)), 'bad-signature', 'signed by bob for alice');
  // The unchanged GroupInfo, re-signed by its signer, still works: the helper itself changes nothing else.
  expectOk(await engine.joinExternal(dave, await withExternalPub(gi, encodeExternalPub(key), alice.member)), 'unchanged');
});
