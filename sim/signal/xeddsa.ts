// XEdDSA (Signal's XEdDSA and VXEdDSA spec, §2.3 and §3): Ed25519-style signatures made with an
// X25519 key, computed with node:crypto's constant-time Ed25519 and a little scalar arithmetic.
//
// - Keys that sign are generated from a 32-byte seed s the way Ed25519 does (RFC 8032 §5.1.5):
//   k = clamp(SHA-512(s)[0..32]). k is an X25519 private key like any other (clamped), and node's
//   Ed25519 key for s gives E = kB with its sign bit for free. calculate_key_pair (§2.3) then reads:
//   A = E with sign bit 0, a = k if E's sign was 0, else a = -k mod q.
// - The nonce (xeddsa_sign, §3.2) must be a secret, uniformly random scalar r with R = rB. The spec
//   takes r = hash_1(a || M || Z); here node's Ed25519 signing with s draws it: its signature (R, S0)
//   of Z || M has r = SHA-512(prefix || Z || M) mod q (prefix = SHA-512(s)[32..64], secret), recovered as
//   r = S0 - SHA-512(R || E || Z || M) * k mod q (RFC 8032 §5.1.6). r is as random and as bound to M
//   and Z (64 fresh bytes) as the spec's, and R = rB is computed in constant time by OpenSSL; the
//   intermediate S0 is never published. The signature is (R, s = r + SHA-512(R || A || M) * a mod q),
//   exactly what xeddsa_verify checks.
// - Verification also accepts libsignal's variant, which signs with A as it is and carries A's sign bit
//   in the top bit of the signature's last byte. The check R = sB - hA is Ed25519 verification.
import { ed25519 } from '@noble/curves/ed25519.js';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { concat } from './bytes.ts';
import { sha512, x25519FromPrivate, type X25519KeyPair } from './primitives.ts';

const Fp = ed25519.Point.Fp;
const q = ed25519.Point.Fn.ORDER;
const p = Fp.ORDER;

/** A little-endian integer from bytes (a multiple of 8 long: scalars, hashes, field elements). */
function le(b: Uint8Array): bigint {
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  let n = 0n;
  for (let i = b.length - 8; i >= 0; i -= 8) n = (n << 64n) | v.getBigUint64(i, true);
  return n;
}

const M64 = (1n << 64n) - 1n;

/** 32 little-endian bytes of 0 <= n < 2^256. */
function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  for (let i = 0; i < 32; i += 8) {
    v.setBigUint64(i, n & M64, true);
    n >>= 64n;
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

/** A signing key in Edwards form (§2.3), with the node Ed25519 key of its seed that draws its nonces. */
export interface XedSigningKey {
  readonly scalar: bigint;
  /** E's sign bit was 1, so a = -k. */
  readonly negative: boolean;
  /** A: the Edwards public key with sign bit 0. */
  readonly edPublic: Uint8Array;
  readonly seedKey: KeyObject;
  /** k as an integer, and E = kB as node encodes it (sign bit included). */
  readonly k: bigint;
  readonly e: Uint8Array;
}

/** A Curve25519 key pair that can sign, from a 32-byte seed (see the header). */
export function signingKeyPair(seed: Uint8Array): { keyPair: X25519KeyPair; signingKey: XedSigningKey } {
  if (seed.length !== 32) throw new RangeError(`xeddsa: seed must be 32 bytes, got ${seed.length}`);
  const seedKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: b64url(new Uint8Array(32)) }, format: 'jwk' });
  const x = seedKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('xeddsa: node did not export the Ed25519 public key');
  const e = new Uint8Array(Buffer.from(x, 'base64url'));
  const keyPair = x25519FromPrivate(sha512(seed).subarray(0, 32)); // clamps: k
  const k = le(keyPair.privateKey);
  const edPublic = new Uint8Array(e);
  edPublic[31]! &= 0x7f;
  const negative = (e[31]! & 0x80) !== 0;
  return { keyPair, signingKey: { scalar: negative ? mod(-k, q) : mod(k, q), negative, edPublic, seedKey, k, e } };
}

/** xeddsa_sign(k, M, Z) with 64 bytes of fresh randomness Z (XEdDSA §3.2). */
export function xeddsaSign(key: XedSigningKey, message: Uint8Array, z: Uint8Array): Uint8Array {
  if (z.length !== 64) throw new RangeError(`xeddsa: Z must be 64 bytes, got ${z.length}`);
  const zm = concat(z, message);
  const sig0 = nodeSign(null, zm, key.seedKey);
  const R = sig0.subarray(0, 32);
  // r = S0 - h0 k (the nonce), s = r + h1 a, where a = +-k: s = S0 + (+-h1 - h0) k mod q.
  const h0 = le(sha512(R, key.e, zm));
  const h1 = le(sha512(R, key.edPublic, message));
  const s = mod(le(sig0.subarray(32, 64)) + ((key.negative ? -h1 : h1) - h0) * key.k, q);
  const out = new Uint8Array(64);
  out.set(R);
  out.set(le32(s), 32);
  return out;
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
  let sig = signature;
  if ((signature[63]! & 0x80) !== 0) {
    sig = new Uint8Array(signature); // libsignal's variant: the sign bit leaves the scalar
    sig[63]! &= 0x7f;
  }
  if ((sig[63]! & 0xe0) !== 0) return false;
  const key = verifyKey(montgomeryPublic, signature[63]! & 0x80);
  if (key === null) return false;
  try {
    return nodeVerify(null, message, key, sig);
  } catch {
    return false;
  }
}
