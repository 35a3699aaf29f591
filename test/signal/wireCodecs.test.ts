// The hand-rolled protobuf codec and XEdDSA, each against libsignal-client where it can answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../sim/signal/protobuf.ts';
import { serializePublic } from '../../sim/signal/publicKey.ts';
import { signingKeyPair, xeddsaSign, xeddsaVerify } from '../../sim/signal/xeddsa.ts';
import { seededBytes, utf8 } from './helpers.ts';
import { ls } from './libsignalPeer.ts';

test('protobuf: uint32 and bytes fields round-trip; unknown fields are skipped; malformed input is undefined', () => {
  const enc = encodeMessage([{ no: 1, bytes: utf8('abc') }, { no: 2, uint32: 0xffff_ffff }, { no: 9, uint32: 300 }]);
  const d = decodeMessage(enc, { 1: 'bytes', 2: 'uint32' })!;
  assert.deepEqual(Buffer.from(d.bytes[1]!), Buffer.from('abc'));
  assert.equal(d.uint32[2], 0xffff_ffff);
  assert.equal(d.uint32[9], undefined);
  assert.equal(decodeMessage(enc.subarray(0, enc.length - 1), { 1: 'bytes', 2: 'uint32' }), undefined, 'truncated varint');
  assert.equal(decodeMessage(Uint8Array.of(0x0a, 0x05, 1), { 1: 'bytes' }), undefined, 'length past the end');
  assert.equal(decodeMessage(Uint8Array.of(0x08, 0x01), { 1: 'bytes' }), undefined, 'wrong wire type for the schema');
  assert.equal(decodeMessage(Uint8Array.of(0x0b), { 1: 'bytes' }), undefined, 'group wire type');
  assert.equal(decodeMessage(Uint8Array.of(0x00, 0x00), {}), undefined, 'field number 0');
  assert.equal(decodeMessage(new Uint8Array(11).fill(0x80), {}), undefined, 'overlong varint');
});

test('XEdDSA: native signatures verify in libsignal and libsignal signatures verify natively', () => {
  const rnd = seededBytes('xeddsa');
  const signs = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const { keyPair: kp, signingKey } = signingKeyPair(rnd(32));
    signs.add(signingKey.e[31]! & 0x80); // kB's sign bit: a = k or a = -k (XEdDSA §2.3)
    const msg = rnd(40 + i);
    const sig = xeddsaSign(signingKey, msg, rnd(64));
    assert.ok(xeddsaVerify(kp.publicKey, msg, sig));
    const pub = ls.PublicKey.deserialize(Uint8Array.from(serializePublic(kp.publicKey)));
    assert.ok(pub.verify(Uint8Array.from(msg), Uint8Array.from(sig)), 'libsignal verifies a native signature');
    const bad = Uint8Array.from(sig);
    bad[10]! ^= 1;
    assert.equal(xeddsaVerify(kp.publicKey, msg, bad), false);

    // libsignal's own signatures carry the Edwards sign bit in the last byte; both values occur.
    const lk = ls.PrivateKey.generate();
    const lsig = lk.sign(Uint8Array.from(msg));
    assert.ok(xeddsaVerify(lk.getPublicKey().serialize().subarray(1), msg, lsig), 'native verifies a libsignal signature');
    assert.equal(xeddsaVerify(lk.getPublicKey().serialize().subarray(1), utf8('other'), lsig), false);
  }
  assert.equal(signs.size, 2, 'both signs of kB were exercised');
});
