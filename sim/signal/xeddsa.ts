// XEdDSA (Signal's XEdDSA and VXEdDSA spec, §2.3 and §3): Ed25519-style signatures made with an
// X25519 key, computed with node:crypto's constant-time Ed25519 and a little scalar arithmetic.
//
// - The Edwards key (calculate_key_pair, §2.3) is A = encode(y, sign 0), y = (u - 1)/(u + 1) from the
//   Montgomery u (RFC 7748 §4.1), with a = k or a = -k mod q so that aB = A. Which one is found by
//   one probe: sign with a = k under A and let node verify it.
// - The nonce (xeddsa_sign, §3.2) must be a secret, uniformly random scalar r with R = rB. The spec
//   takes r = hash_1(a || M || Z); here r comes from node's Ed25519 signing instead: a per-key nonce
//   key (seed derived from k) signs Z || M, whose signature (R0, S0) gives R = R0 and
//   r = S0 - SHA-512(R0 || A0 || Z || M) * a0 mod q (RFC 8032 §5.1.6, a0 and A0 the nonce key's scalar
//   and public key). r is then SHA-512(secret prefix || Z || M) mod q: as random and as bound to M and
//   Z (64 fresh bytes) as the spec's, and R = rB is computed in constant time by OpenSSL. Verifiers
//   cannot tell the difference: the signature is (R, s = r + SHA-512(R || A || M) * a mod q).
// - Verification also accepts libsignal's variant, which signs with A as it is and carries A's sign bit
//   in the top bit of the signature's last byte. The check R = sB - hA is Ed25519 verification.
import { ed25519 } from '@noble/curves/ed25519.js';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { concat } from './bytes.ts';
import { sha512, type X25519KeyPair } from './primitives.ts';

const Fp = ed25519.Point.Fp;
const q = ed25519.Point.Fn.ORDER;
const p = Fp.ORDER;
const NONCE_DOMAIN = new TextEncoder().encode('interop-sim XEdDSA nonce key');
const PROBE = new TextEncoder().encode('interop-sim XEdDSA sign-bit probe');

function le(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

const b64url = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64url');

function edPublicKeyObject(a: Uint8Array): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(a) }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** The Edwards y of a Montgomery u, encoded with sign bit `signBit`; null for u = -1 or u >= p. */
function edwardsEncoding(montgomeryPublic: Uint8Array, signBit: number): Uint8Array | null {
  const u = le(montgomeryPublic) & ((1n << 255n) - 1n);
  if (u >= p || mod(u + 1n, p) === 0n) return null;
  const a = le32(Fp.mul(Fp.sub(u, 1n), Fp.inv(Fp.add(u, 1n))));
  a[31]! |= signBit;
  return a;
}

/** A signing key in Edwards form, with the node Ed25519 key that draws its nonces. */
export interface XedSigningKey {
  readonly scalar: bigint;
  readonly edPublic: Uint8Array;
  readonly nonceKey: KeyObject;
  readonly nonceScalar: bigint;
  readonly noncePublic: Uint8Array;
}

function signWith(scalar: bigint, edPublic: Uint8Array, nonce: Pick<XedSigningKey, 'nonceKey' | 'nonceScalar' | 'noncePublic'>, message: Uint8Array, z: Uint8Array): Uint8Array {
  const zm = concat(z, message);
  const sig0 = nodeSign(null, zm, nonce.nonceKey);
  const R = sig0.subarray(0, 32);
  const r = mod(le(sig0.subarray(32, 64)) - mod(le(sha512(R, nonce.noncePublic, zm)), q) * nonce.nonceScalar, q);
  const h = mod(le(sha512(R, edPublic, message)), q);
  return concat(R, le32(mod(r + h * scalar, q)));
}

export function xedSigningKey(keyPair: X25519KeyPair): XedSigningKey {
  const k = mod(le(keyPair.privateKey), q);
  const edPublic = edwardsEncoding(keyPair.publicKey, 0);
  if (!edPublic) throw new Error('xeddsa: an X25519 key pair without an Edwards form (a bug)');
  const seed = sha512(NONCE_DOMAIN, keyPair.privateKey).subarray(0, 32);
  const nonceKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: b64url(new Uint8Array(32)) }, format: 'jwk' });
  const x = nonceKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('xeddsa: node did not export the nonce public key');
  const h = sha512(seed);
  h[0]! &= 248;
  h[31]! &= 127;
  h[31]! |= 64;
  const nonce = { nonceKey, nonceScalar: le(h.subarray(0, 32)), noncePublic: new Uint8Array(Buffer.from(x, 'base64url')) };
  // Is kB = encode(y, 0)? Then a = k; otherwise kB = -encode(y, 0) and a = -k (XEdDSA §2.3).
  const probe = signWith(k, edPublic, nonce, PROBE, new Uint8Array(64));
  const positive = nodeVerify(null, PROBE, edPublicKeyObject(edPublic)!, probe);
  return { scalar: positive ? k : mod(-k, q), edPublic, ...nonce };
}

/** xeddsa_sign(k, M, Z) with 64 bytes of fresh randomness Z (XEdDSA §3.2). */
export function xeddsaSign(key: XedSigningKey, message: Uint8Array, z: Uint8Array): Uint8Array {
  if (z.length !== 64) throw new RangeError(`xeddsa: Z must be 64 bytes, got ${z.length}`);
  return signWith(key.scalar, key.edPublic, key, message, z);
}

// Verification keys by (u, sign bit): a group member verifies every message of a sender with the same
// key, and building the Edwards key (a field inversion and a KeyObject) costs more than the check.
// Pure memoization, bounded: the oldest entries go first.
const VERIFY_KEYS_MAX = 4096;
const verifyKeys = new Map<string, KeyObject | null>();

function verifyKey(montgomeryPublic: Uint8Array, signBit: number): KeyObject | null {
  const id = b64url(montgomeryPublic) + signBit;
  const hit = verifyKeys.get(id);
  if (hit !== undefined) return hit;
  const enc = edwardsEncoding(montgomeryPublic, signBit);
  const key = enc ? edPublicKeyObject(enc) : null;
  if (verifyKeys.size >= VERIFY_KEYS_MAX) verifyKeys.delete(verifyKeys.keys().next().value!);
  verifyKeys.set(id, key);
  return key;
}

/** xeddsa_verify(u, M, (R || s)) for a 32-byte Montgomery public key u. */
export function xeddsaVerify(montgomeryPublic: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (montgomeryPublic.length !== 32 || signature.length !== 64) return false;
  const sig = Uint8Array.from(signature);
  sig[63]! &= 0x7f;
  if ((sig[63]! & 0xe0) !== 0) return false;
  const key = verifyKey(montgomeryPublic, signature[63]! & 0x80);
  if (key === null) return false;
  try {
    return nodeVerify(null, message, key, sig);
  } catch {
    return false;
  }
}
