import { describe } from '../../quote.ts';
import { AppendOnlyList } from './appendOnlyList.ts';
import { emptyRoot, hashChildren, hashLeaf, isHash } from './hashes.ts';
import { isPowerOfTwo, requireCount, splitPoint } from './treeSize.ts';

/**
 * An append-only Merkle tree (RFC 9162 §2.1) as a value. `levels[h]` holds the hash of every complete,
 * aligned subtree of 2^h leaves (level 0: the leaf hashes), so any MTH(D[a:b]) the proofs of §2.1.3 and
 * §2.1.4 ask for costs O(log n) hashes, not O(n). A value of size n answers for every size <= n.
 */
export interface MerkleLog {
  readonly size: number;
  readonly levels: readonly AppendOnlyList<Uint8Array>[];
}

export const emptyMerkleLog = (): MerkleLog => ({ size: 0, levels: [] });

/** Appends a leaf hash (HASH(0x00 || entry)); completes every subtree the new leaf closes. */
export function appendLeafHash(log: MerkleLog, leafHash: Uint8Array): MerkleLog {
  if (!isHash(leafHash)) throw new TypeError(`leafHash: expected 32 bytes, got ${describe(leafHash)}`);
  const levels = log.levels.slice();
  let node = leafHash;
  for (let h = 0; ; h++) {
    const level = (levels[h] ?? AppendOnlyList.empty<Uint8Array>()).append(node);
    levels[h] = level;
    if (level.length % 2 === 1) break;
    node = hashChildren(level.at(level.length - 2)!, level.at(level.length - 1)!);
  }
  return { size: log.size + 1, levels };
}

export function appendEntry(log: MerkleLog, entry: Uint8Array): MerkleLog {
  if (!(entry instanceof Uint8Array)) throw new TypeError(`entry: expected a Uint8Array, got ${describe(entry)}`);
  return appendLeafHash(log, hashLeaf(entry));
}

export const merkleLogOf = (entries: readonly Uint8Array[]): MerkleLog => entries.reduce(appendEntry, emptyMerkleLog());

export function leafHashAt(log: MerkleLog, index: number): Uint8Array {
  requireCount(index, 'index');
  if (index >= log.size) throw new RangeError(`index: expected below the tree size ${log.size}, got ${index}`);
  return log.levels[0]!.at(index)!;
}

/**
 * MTH(D[from:to]) for 0 <= from < to <= size. The recursion of §2.1.1 only ever splits at powers of two,
 * so every complete subtree it meets is aligned and cached; only the right edge is hashed afresh.
 */
export function subtreeHash(log: MerkleLog, from: number, to: number): Uint8Array {
  requireCount(from, 'from');
  requireCount(to, 'to');
  if (!(from < to && to <= log.size)) throw new RangeError(`subtree [${from}, ${to}): expected 0 <= from < to <= ${log.size}`);
  return hashRange(log, from, to);
}

function hashRange(log: MerkleLog, from: number, to: number): Uint8Array {
  const n = to - from;
  if (isPowerOfTwo(n) && from % n === 0) return log.levels[Math.round(Math.log2(n))]!.at(from / n)!;
  const k = splitPoint(n);
  return hashChildren(hashRange(log, from, from + k), hashRange(log, from + k, to));
}

/** The root of the tree's first `size` leaves (the whole tree by default); MTH({}) for size 0. */
export function rootHash(log: MerkleLog, size: number = log.size): Uint8Array {
  requireCount(size, 'size');
  if (size > log.size) throw new RangeError(`size: expected at most the tree size ${log.size}, got ${size}`);
  return size === 0 ? emptyRoot() : hashRange(log, 0, size);
}
