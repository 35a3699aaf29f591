import { emptyRoot, hashChildren, hashLeaf } from './hashes.ts';
import { splitPoint } from './treeSize.ts';

/**
 * MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it, over the entries themselves. O(n) hashes: this is
 * the definition that `MerkleLog` (which caches perfect subtrees) is tested against.
 */
export function merkleTreeHash(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0) return emptyRoot();
  const mth = (from: number, to: number): Uint8Array => {
    if (to - from === 1) return hashLeaf(entries[from]!);
    const k = splitPoint(to - from);
    return hashChildren(mth(from, from + k), mth(from + k, to));
  };
  return mth(0, entries.length);
}
