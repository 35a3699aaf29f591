// XEdDSA (Signal's XEdDSA and VXEdDSA spec, §2.3 and §3): Ed25519-style signatures made with an
// X25519 key. Signing follows the spec (the Edwards key A always has sign bit 0, negating the scalar
// when needed); verification also accepts libsignal's variant, which signs with A as it is and carries
// A's sign bit in the top bit of the signature's last byte, so libsignal signatures verify here too.
// The final check R = sB - hA is the Ed25519 verification equation, so it runs in node:crypto.
import { ed25519 } from '@noble/curves/ed25519.js';
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { concat } from './bytes.ts';
import { sha512 } from './primitives.ts';

const Point = ed25519.Point;
const Fp = Point.Fp;
const q = Point.Fn.ORDER;
const p = Fp.ORDER;
// An 8-bit window table for the base point: the constant-time multiply then runs about twice as fast.
Point.BASE.precompute(8);
/** hash_1 prefix: 2^256 - 2 as 32 little-endian bytes (XEdDSA §2.5). */
const HASH1_PREFIX = Uint8Array.from([0xfe, ...new Array<number>(31).fill(0xff)]);

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

/** The Edwards form of a Montgomery private key (XEdDSA §2.3 calculate_key_pair): scalar a and A = aB, sign(A) = 0. */
export interface XedSigningKey {
  readonly scalar: bigint;
  readonly scalarBytes: Uint8Array;
  readonly edPublic: Uint8Array;
}

export function xedSigningKey(clampedPrivate: Uint8Array): XedSigningKey {
  const k = mod(le(clampedPrivate), q);
  const e = Point.BASE.multiply(k).toBytes();
  const negative = (e[31]! & 0x80) !== 0;
  const a = negative ? mod(-k, q) : k;
  const edPublic = Uint8Array.from(e);
  edPublic[31]! &= 0x7f;
  return { scalar: a, scalarBytes: le32(a), edPublic };
}

/** xeddsa_sign(k, M, Z) with 64 bytes of fresh randomness Z (XEdDSA §3.2). */
export function xeddsaSign(key: XedSigningKey, message: Uint8Array, z: Uint8Array): Uint8Array {
  if (z.length !== 64) throw new RangeError(`xeddsa: Z must be 64 bytes, got ${z.length}`);
  const r = mod(le(sha512(HASH1_PREFIX, key.scalarBytes, message, z)), q);
  const rr = r === 0n ? 1n : r; // probability 2^-252; noble refuses a zero scalar
  const R = Point.BASE.multiply(rr).toBytes();
  const h = mod(le(sha512(R, key.edPublic, message)), q);
  const s = mod(rr + h * key.scalar, q);
  return concat(R, le32(s));
}

// Verification keys by (u, sign bit): a group member verifies every message of a sender with the same
// key, and building the Edwards key (a field inversion and a KeyObject) costs more than the check.
// Pure memoization, bounded: the oldest entries go first.
const VERIFY_KEYS_MAX = 4096;
const verifyKeys = new Map<string, KeyObject | null>();

function edwardsKey(montgomeryPublic: Uint8Array, signBit: number): KeyObject | null {
  const id = Buffer.from(montgomeryPublic.buffer, montgomeryPublic.byteOffset, 32).toString('hex') + signBit;
  const hit = verifyKeys.get(id);
  if (hit !== undefined) return hit;
  const key = computeEdwardsKey(montgomeryPublic, signBit);
  if (verifyKeys.size >= VERIFY_KEYS_MAX) verifyKeys.delete(verifyKeys.keys().next().value!);
  verifyKeys.set(id, key);
  return key;
}

function computeEdwardsKey(montgomeryPublic: Uint8Array, signBit: number): KeyObject | null {
  const u = le(montgomeryPublic) & ((1n << 255n) - 1n);
  if (u >= p || mod(u + 1n, p) === 0n) return null;
  // Birational map (RFC 7748 §4.1): y = (u - 1) / (u + 1).
  const y = Fp.mul(Fp.sub(u, 1n), Fp.inv(Fp.add(u, 1n)));
  const a = le32(y);
  a[31]! |= signBit;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(a).toString('base64url') }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** xeddsa_verify(u, M, (R || s)) for a 32-byte Montgomery public key u. */
export function xeddsaVerify(montgomeryPublic: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (montgomeryPublic.length !== 32 || signature.length !== 64) return false;
  const sig = Uint8Array.from(signature);
  sig[63]! &= 0x7f;
  if ((sig[63]! & 0xe0) !== 0) return false;
  const key = edwardsKey(montgomeryPublic, signature[63]! & 0x80);
  if (key === null) return false;
  try {
    return nodeVerify(null, message, key, sig);
  } catch {
    return false;
  }
}
