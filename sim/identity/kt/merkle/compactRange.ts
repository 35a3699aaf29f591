import { describe } from '../../quote.ts';
import { emptyRoot, hashChildren, isHash } from './hashes.ts';

/**
 * The right edge of a tree of `size` leaves: the roots of the complete subtrees its size decomposes
 * into, largest first (one per set bit of `size`; transparency-dev/merkle calls it a compact range
 * [0, size)). A monitor keeps only this, O(log n) hashes, and still recomputes the root after reading
 * new entries, which proves they extend exactly the prefix it verified before.
 */
export interface CompactRange {
  readonly size: number;
  readonly peaks: readonly Uint8Array[];
}

export const emptyCompactRange = (): CompactRange => ({ size: 0, peaks: [] });

export function extendCompactRange(range: CompactRange, leafHash: Uint8Array): CompactRange {
  if (!isHash(leafHash)) throw new TypeError(`leafHash: expected 32 bytes, got ${describe(leafHash)}`);
  const peaks = [...range.peaks, leafHash];
  // Each trailing 1 bit of the old size is a peak the new leaf completes into a larger one.
  for (let s = range.size; s % 2 === 1; s = Math.floor(s / 2)) {
    const right = peaks.pop()!;
    const left = peaks.pop()!;
    peaks.push(hashChildren(left, right));
  }
  return { size: range.size + 1, peaks };
}

/** MTH of the range: k in §2.1.1 is always the largest peak, so fold the peaks from the right. */
export function compactRangeRoot(range: CompactRange): Uint8Array {
  if (range.peaks.length === 0) return emptyRoot();
  let root = range.peaks[range.peaks.length - 1]!;
  for (let i = range.peaks.length - 2; i >= 0; i--) root = hashChildren(range.peaks[i]!, root);
  return root;
}
