// DHKEM(X25519, HKDF-SHA256) (RFC 9180 §4.1, §7.1) on Node's native X25519 and noble's HKDF, as an
// @hpke/core KEM. The @hpke/core one goes through WebCrypto with a PKCS#8 import per key derivation;
// a commit to a 256-member group derives and encapsulates hundreds of times, and that import was the
// largest cost of the whole commit.
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import type { KemInterface, SenderContextParams, RecipientContextParams } from '@hpke/core';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { EngineBug } from './engineBug.ts';

const KEM_ID = 0x0020;
const N = 32; // Nsecret = Nenc = Npk = Nsk
const enc = new TextEncoder();
const SUITE_ID = Uint8Array.of(...enc.encode('KEM'), KEM_ID >> 8, KEM_ID & 0xff);
const HPKE_V1 = enc.encode('HPKE-v1');
const EMPTY = new Uint8Array(0);

interface RawKey {
  readonly type: 'public' | 'private';
  readonly algorithm: { readonly name: 'X25519' };
  readonly extractable: true;
  readonly usages: readonly string[];
  readonly raw: Uint8Array;
}

const cat = (...parts: Uint8Array[]) => Buffer.concat(parts);
const labeledExtract = (salt: Uint8Array, label: string, ikm: Uint8Array) =>
  extract(sha256, cat(HPKE_V1, SUITE_ID, enc.encode(label), ikm), salt);
const labeledExpand = (prk: Uint8Array, label: string, info: Uint8Array, len: number) =>
  expand(sha256, prk, cat(Uint8Array.of(len >> 8, len & 0xff), HPKE_V1, SUITE_ID, enc.encode(label), info), len);

function makeKey(type: 'public' | 'private', raw: Uint8Array): CryptoKey {
  if (raw.length !== N) throw new Error(`X25519: ${type} key must be ${N} bytes, got ${raw.length}`);
  const key: RawKey = { type, algorithm: { name: 'X25519' }, extractable: true, usages: type === 'private' ? ['deriveBits'] : [], raw: raw.slice() };
  return key as unknown as CryptoKey;
}

function rawOf(k: CryptoKey | CryptoKeyPair, type: 'public' | 'private'): Uint8Array {
  const key = 'privateKey' in k ? (type === 'private' ? k.privateKey : k.publicKey) : k;
  const r = key as unknown as Partial<RawKey>;
  if (r.type !== type || r.algorithm?.name !== 'X25519' || !(r.raw instanceof Uint8Array)) throw new Error(`X25519: not a ${type} key of this KEM`);
  return r.raw;
}

function publicOfObject(k: KeyObject): Uint8Array {
  return new Uint8Array(Buffer.from(createPublicKey(k).export({ format: 'jwk' }).x ?? '', 'base64url'));
}
function b64u(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
}

// JWK imports are an order of magnitude cheaper than PKCS#8/SPKI DER here (OpenSSL's decoder setup
// dominates). A private JWK needs an `x`; Node derives the public half from `d` and does not read
// it, so a placeholder goes in. A known-answer check at load (RFC 9180 A.1 skEm -> pkEm) decides:
// should a Node version read or check `x`, we fall back to DER, slower but never wrong.
const PLACEHOLDER_X = Buffer.alloc(N).toString('base64url');
const PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const jwkPrivate = (sk: Uint8Array) => createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64u(sk), x: PLACEHOLDER_X }, format: 'jwk' });
const derPrivate = (sk: Uint8Array) => createPrivateKey({ key: cat(PKCS8, sk), format: 'der', type: 'pkcs8' });
const privateObject: (sk: Uint8Array) => KeyObject = (() => {
  try {
    const sk = Buffer.from('52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736', 'hex');
    const pk = Buffer.from(publicOfObject(jwkPrivate(sk))).toString('hex');
    return pk === '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431' ? jwkPrivate : derPrivate;
  } catch {
    return derPrivate;
  }
})();
const publicObject = (pk: Uint8Array): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(pk) }, format: 'jwk' });

function dh(sk: KeyObject, pk: Uint8Array): Uint8Array {
  const out = new Uint8Array(diffieHellman({ privateKey: sk, publicKey: publicObject(pk) }));
  // RFC 9180 §7.1.4: an all-zero X25519 output means a low-order public key; abort.
  if (out.every((b) => b === 0)) throw new Error('X25519: all-zero shared secret');
  return out;
}

function deriveRaw(ikm: Uint8Array): { sk: Uint8Array; skObject: KeyObject; pk: Uint8Array } {
  const sk = labeledExpand(labeledExtract(EMPTY, 'dkp_prk', ikm), 'sk', EMPTY, N);
  const skObject = privateObject(sk);
  return { sk, skObject, pk: publicOfObject(skObject) };
}

function sharedSecret(dhOut: Uint8Array, kemContext: Uint8Array): ArrayBuffer {
  return labeledExpand(labeledExtract(EMPTY, 'eae_prk', dhOut), 'shared_secret', kemContext, N).slice().buffer;
}

const bytes = (x: ArrayBufferLike | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(x) ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength) : new Uint8Array(x);

export function nativeX25519Kem(): KemInterface {
  return {
    id: KEM_ID,
    secretSize: N,
    encSize: N,
    publicKeySize: N,
    privateKeySize: N,
    async serializePublicKey(key) {
      return rawOf(key, 'public').slice().buffer;
    },
    async deserializePublicKey(key) {
      return makeKey('public', bytes(key));
    },
    async serializePrivateKey(key) {
      return rawOf(key, 'private').slice().buffer;
    },
    async deserializePrivateKey(key) {
      return makeKey('private', bytes(key));
    },
    async importKey(format, key, isPublic = true) {
      if (format !== 'raw' || !(key instanceof ArrayBuffer)) throw new Error('X25519: only raw keys are supported');
      return makeKey(isPublic ? 'public' : 'private', new Uint8Array(key));
    },
    async generateKeyPair(): Promise<CryptoKeyPair> {
      throw new EngineBug('X25519: key generation without seeded IKM');
    },
    async deriveKeyPair(ikm) {
      const { sk, pk } = deriveRaw(bytes(ikm));
      return { privateKey: makeKey('private', sk), publicKey: makeKey('public', pk) };
    },
    async encap(params: SenderContextParams) {
      if (params.ekm === undefined || 'privateKey' in params.ekm) throw new EngineBug('X25519: encap needs seeded ekm bytes');
      const pkR = rawOf(params.recipientPublicKey, 'public');
      const e = deriveRaw(bytes(params.ekm));
      return { sharedSecret: sharedSecret(dh(e.skObject, pkR), cat(e.pk, pkR)), enc: e.pk.slice().buffer };
    },
    async decap(params: RecipientContextParams) {
      const skR = rawOf(params.recipientKey, 'private');
      const encBytes = bytes(params.enc);
      if (encBytes.length !== N) throw new Error(`X25519: enc must be ${N} bytes`);
      const skObject = privateObject(skR);
      return sharedSecret(dh(skObject, encBytes), cat(encBytes, publicOfObject(skObject)));
    },
  };
}
