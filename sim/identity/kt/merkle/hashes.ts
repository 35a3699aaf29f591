import { createHash } from 'node:crypto';

/** SHA-256 output length: RFC 9162 §2.1 logs use SHA-256 (the only hash registered in §10.2.1). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/**
 * MTH({d(0)}) = HASH(0x00 || d(0)) (RFC 9162 §2.1.1). The distinct prefixes for leaves and interior
 * nodes stop an interior node from being presented as a leaf (a second preimage, §2.1.1 note).
 */
export const hashLeaf = (entry: Uint8Array): Uint8Array => sha256(LEAF_PREFIX, entry);

/** HASH(0x01 || left || right) (RFC 9162 §2.1.1). */
export const hashChildren = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(NODE_PREFIX, left, right);

/** MTH({}) = HASH(), the root of the empty tree. A fresh copy each call: a Uint8Array cannot be frozen. */
export const emptyRoot = (): Uint8Array => sha256();

export const isHash = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length === HASH_SIZE;
