// One decoded object per distinct leaf node, shared by every tree that holds it. Every member of a
// group joins from a Welcome carrying the whole ratchet tree (RFC 9420 §12.4.3.3), and each joiner
// decoded its own copy of every leaf: a 64-member group held 64 copies of each, most of a large run's
// heap (issue 14: at 100x the default population the collector's work per message grew with the heap).
// A leaf node decoded from the same bytes is the same value, and node objects are never mutated
// (ts-mls builds new trees around them), so the first decoding is handed out again while some tree
// still holds it. Only sharing changes: every member still decodes, hashes and verifies every leaf
// (validateRatchetTree checks each joiner's tree, signatures included); identical values, identical runs.
import type { RatchetTree } from 'ts-mls';

type LeafSlot = Extract<NonNullable<RatchetTree[number]>, { nodeType: 'leaf' }>;

/** By the leaf node's wire bytes (latin1, one char per byte); weak, so a leaf no tree holds is collected. */
const shared = new Map<string, WeakRef<LeafSlot>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (shared.get(key)?.deref() === undefined) shared.delete(key);
});

/**
 * The tree node for the leaf whose wire bytes are `wire`: the one already handed out for the same
 * bytes, else `decode` of a private copy of them (a shared leaf must not hold views into a message
 * buffer someone else owns, and need not keep that whole message alive).
 */
export function sharedLeaf(wire: Uint8Array, decode: (own: Uint8Array) => LeafSlot): LeafSlot {
  const key = Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength).toString('latin1');
  const known = shared.get(key)?.deref();
  if (known !== undefined) return known;
  const slot = decode(wire.slice());
  shared.set(key, new WeakRef(slot));
  forget.register(slot, key);
  return slot;
}

/** Distinct leaves currently shared (tests). */
export const sharedLeafCount = (): number => shared.size;
