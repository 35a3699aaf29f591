// One decoded object per distinct ratchet-tree node, shared by every tree that holds it. Every member
// of a group joins from a Welcome carrying the whole ratchet tree (RFC 9420 §12.4.3.3), and each
// joiner decoded its own copy of every node: a 64-member group held 64 copies of each leaf, most of a
// large run's heap (issue 14: at 100x the default population the collector's work per message grew
// with the heap). A node decoded from the same bytes is the same value, and node objects are never
// mutated (ts-mls builds new trees around them), so the first decoding is handed out again while
// some tree still holds it. Only sharing changes: every member still decodes, hashes and verifies
// every leaf (validateRatchetTree checks each joiner's tree, signatures included); same values, same runs.
import type { RatchetTree } from 'ts-mls';

type TreeNode = NonNullable<RatchetTree[number]>;

/** By the node's wire bytes from its type octet on (latin1, one char per byte); weak, so a node no tree holds is collected. */
const shared = new Map<string, WeakRef<TreeNode>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (shared.get(key)?.deref() === undefined) shared.delete(key);
});

/**
 * The tree node whose wire bytes (type octet included) are `wire`: the one already handed out for the
 * same bytes, else `decode` of a private copy of them (a shared node must not hold views into a
 * message buffer someone else owns, and need not keep that whole message alive).
 */
export function sharedNode<T extends TreeNode>(wire: Uint8Array, decode: (own: Uint8Array) => T): T {
  const key = Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength).toString('latin1');
  const known = shared.get(key)?.deref();
  if (known !== undefined) return known as T;
  const node = decode(wire.slice());
  shared.set(key, new WeakRef(node));
  forget.register(node, key);
  return node;
}
