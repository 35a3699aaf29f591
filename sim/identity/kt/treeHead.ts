import type { SimTime } from '../../core/index.ts';
import { verifyEd25519, type ProviderSigner } from '../keys/ed25519.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';
import { HASH_SIZE, isHash } from './merkle/hashes.ts';

/**
 * What a log commits to once per epoch: RFC 9162 §4.10 TreeHeadDataV2 (timestamp, tree_size,
 * root_hash), plus the provider and the epoch number, so a head cannot be replayed as another log's or
 * another epoch's.
 */
export interface TreeHead {
  readonly provider: ProviderId;
  readonly epoch: number;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly publishedAt: SimTime;
}

/** A tree head with the provider's Ed25519 signature over `encodeTreeHead` (RFC 9162 §4.10 STH). */
export interface SignedTreeHead extends TreeHead {
  readonly signature: Uint8Array;
}

const LABEL = 'interop-sim/identity/kt/tree-head/v1';

function requireU64(v: number, field: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${field}: expected a non-negative integer, got ${describe(v)}`);
}

/**
 * Label, provider (u32 length-prefixed), epoch, tree size (u64 each), root (u32 length-prefixed),
 * publication time (u64 µs), all big-endian: the domain-separation label keeps a head's signature from
 * passing as a key attestation (`encodeKeyBinding` has another label) and vice versa.
 */
export function encodeTreeHead(h: TreeHead): Uint8Array {
  requireU64(h.epoch, 'epoch');
  requireU64(h.treeSize, 'treeSize');
  requireU64(h.publishedAt, 'publishedAt');
  if (!isHash(h.rootHash)) throw new RangeError(`rootHash: expected ${HASH_SIZE} bytes, got ${describe(h.rootHash)}`);
  const text = new TextEncoder();
  const label = text.encode(LABEL);
  const provider = text.encode(h.provider);
  const out = new Uint8Array(4 + label.length + 4 + provider.length + 8 + 8 + 4 + h.rootHash.length + 8);
  const view = new DataView(out.buffer);
  let o = 0;
  const bytes = (b: Uint8Array) => {
    view.setUint32(o, b.length);
    out.set(b, o + 4);
    o += 4 + b.length;
  };
  const u64 = (n: number) => {
    view.setBigUint64(o, BigInt(n));
    o += 8;
  };
  bytes(label);
  bytes(provider);
  u64(h.epoch);
  u64(h.treeSize);
  bytes(h.rootHash);
  u64(h.publishedAt);
  return out;
}

export function signTreeHead(signer: ProviderSigner, head: Omit<TreeHead, 'provider'>): SignedTreeHead {
  const unsigned: TreeHead = { provider: signer.provider, epoch: head.epoch, treeSize: head.treeSize, rootHash: head.rootHash.slice(), publishedAt: head.publishedAt };
  return { ...unsigned, signature: signer.sign(encodeTreeHead(unsigned)) };
}

/** True when `providerKey` signed exactly this head. A malformed head fails rather than throws. */
export function verifyTreeHead(providerKey: Uint8Array, head: SignedTreeHead): boolean {
  let message: Uint8Array;
  try {
    message = encodeTreeHead(head);
  } catch {
    return false;
  }
  return head.signature instanceof Uint8Array && verifyEd25519(providerKey, message, head.signature);
}

/** Same provider, epoch, size, root and time (signatures aside: Ed25519 is deterministic anyway). */
export const sameTreeHead = (a: TreeHead, b: TreeHead): boolean =>
  a.provider === b.provider &&
  a.epoch === b.epoch &&
  a.treeSize === b.treeSize &&
  a.publishedAt === b.publishedAt &&
  a.rootHash.length === b.rootHash.length &&
  a.rootHash.every((x, i) => x === b.rootHash[i]);
