import { sameBytes } from '../../keys/keyVerifier.ts';
import { emptyRoot, hashChildren, isHash } from './hashes.ts';
import { subtreeHash, type MerkleLog } from './merkleLog.ts';
import { isCount, isPowerOfTwo, requireCount, splitPoint } from './treeSize.ts';

/** Proof that the tree of `secondSize` leaves extends the tree of its first `firstSize` (RFC 9162 §2.1.4). */
export interface ConsistencyProof {
  readonly firstSize: number;
  readonly secondSize: number;
  readonly path: readonly Uint8Array[];
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, for 0 < m < n <= the log's size. The
 * RFC defines nothing for m = 0 or m = n; both get the empty proof, as in transparency-dev/merkle,
 * since there is nothing to prove (see `verifyConsistency`).
 */
export function consistencyProof(log: MerkleLog, firstSize: number, secondSize: number = log.size): ConsistencyProof {
  requireCount(firstSize, 'firstSize');
  requireCount(secondSize, 'secondSize');
  if (secondSize > log.size) throw new RangeError(`secondSize: expected at most the log size ${log.size}, got ${secondSize}`);
  if (firstSize > secondSize) throw new RangeError(`firstSize: expected at most secondSize ${secondSize}, got ${firstSize}`);
  const path = firstSize === 0 || firstSize === secondSize ? [] : subproof(log, firstSize, 0, secondSize, true);
  return { firstSize, secondSize, path };
}

function subproof(log: MerkleLog, m: number, from: number, to: number, whole: boolean): Uint8Array[] {
  const n = to - from;
  // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}.
  if (m === n) return whole ? [] : [subtreeHash(log, from, to)];
  const k = splitPoint(n);
  // m <= k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); m > k: SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
  return m <= k
    ? [...subproof(log, m, from, from + k, whole), subtreeHash(log, from + k, to)]
    : [...subproof(log, m - k, from + k, to, false), subtreeHash(log, from, from + k)];
}

/**
 * RFC 9162 §2.1.4.2, step by step, for 0 < first < second. Outside the RFC's range: equal sizes are
 * consistent only with the empty proof and equal roots; size 0 only with the empty proof and a first
 * root that is MTH({}) (stricter than transparency-dev/merkle, which ignores that root). Never throws
 * on what a log sent.
 */
export function verifyConsistency(firstRoot: Uint8Array, secondRoot: Uint8Array, proof: ConsistencyProof): boolean {
  if (!isHash(firstRoot) || !isHash(secondRoot) || !Array.isArray(proof.path) || !proof.path.every(isHash)) return false;
  const { firstSize: first, secondSize: second } = proof;
  if (!isCount(first) || !isCount(second) || first > second) return false;
  if (first === second) return proof.path.length === 0 && sameBytes(firstRoot, secondRoot);
  if (first === 0) return proof.path.length === 0 && sameBytes(firstRoot, emptyRoot());
  // 1. An empty consistency_path fails.
  if (proof.path.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash (the proof omits what the verifier holds).
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof.path] : proof.path;
  // 3. fn = first - 1, sn = second - 1.
  let fn = first - 1;
  let sn = second - 1;
  // 4. While LSB(fn) is set, right-shift both.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5. fr = sr = the first value of the path.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6. For each subsequent value c:
  for (const c of path.slice(1)) {
    // a. sn == 0: the path is too long.
    if (sn === 0) return false;
    // b. c is a left sibling of both paths (or fn is the last node of its level)...
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      // ...or a right sibling that only the second tree has.
      sr = hashChildren(sr, c);
    }
    // c. Right-shift both once.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7. Both roots reproduced, and sn is 0 (the path was not too short).
  return sn === 0 && sameBytes(fr, firstRoot) && sameBytes(sr, secondRoot);
}
