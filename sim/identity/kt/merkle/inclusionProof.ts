import { sameBytes } from '../../keys/keyVerifier.ts';
import { hashChildren, isHash } from './hashes.ts';
import { subtreeHash, type MerkleLog } from './merkleLog.ts';
import { isCount, requireCount, splitPoint } from './treeSize.ts';

/** The audit path of leaf `leafIndex` in the tree of the first `treeSize` leaves (RFC 9162 §2.1.3). */
export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly path: readonly Uint8Array[];
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, for 0 <= m < n <= the log's size. */
export function inclusionProof(log: MerkleLog, leafIndex: number, treeSize: number = log.size): InclusionProof {
  requireCount(leafIndex, 'leafIndex');
  requireCount(treeSize, 'treeSize');
  if (treeSize > log.size) throw new RangeError(`treeSize: expected at most the log size ${log.size}, got ${treeSize}`);
  if (leafIndex >= treeSize) throw new RangeError(`leafIndex: expected below treeSize ${treeSize}, got ${leafIndex}`);
  return { leafIndex, treeSize, path: pathOf(log, leafIndex, 0, treeSize) };
}

function pathOf(log: MerkleLog, m: number, from: number, to: number): Uint8Array[] {
  const n = to - from;
  if (n === 1) return [];
  const k = splitPoint(n);
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]).
  return m < k
    ? [...pathOf(log, m, from, from + k), subtreeHash(log, from + k, to)]
    : [...pathOf(log, m - k, from + k, to), subtreeHash(log, from, from + k)];
}

/**
 * RFC 9162 §2.1.3.2, step by step. `leafHash` is HASH(0x00 || entry). Never throws on what a log sent:
 * malformed sizes or hashes of the wrong length simply fail.
 */
export function verifyInclusion(leafHash: Uint8Array, proof: InclusionProof, root: Uint8Array): boolean {
  if (!isHash(leafHash) || !isHash(root) || !Array.isArray(proof.path) || !proof.path.every(isHash)) return false;
  const { leafIndex, treeSize } = proof;
  if (!isCount(leafIndex) || !isCount(treeSize)) return false;
  // 1. leaf_index >= tree_size fails.
  if (leafIndex >= treeSize) return false;
  // 2. fn = leaf_index, sn = tree_size - 1.   3. r = hash.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4. For each p in inclusion_path:
  for (const p of proof.path) {
    // a. sn == 0: the path is too long.
    if (sn === 0) return false;
    // b. A right child, or the last node of its level (promoted without a sibling).
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    // c. Right-shift both once.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5. sn must be 0 (the path was not too short) and r the root.
  return sn === 0 && sameBytes(r, root);
}
