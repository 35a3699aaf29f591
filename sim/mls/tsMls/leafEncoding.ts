// The wire bytes of a LeafNode that arrived in a ratchet tree, remembered against the decoded object
// (treeDecoder.ts), so the tree hash (RFC 9420 §7.8) and the leaf's signature check (§7.3) hash and
// verify those bytes instead of encoding the object again. Only leaves whose bytes are exactly what
// ts-mls's encoder would write are remembered (every length in its shortest form); node objects are
// never mutated, so the bytes stay right for the object's life.
import type { LeafNode } from 'ts-mls';
import { concat, varLen } from './native/nativeHash.ts';

export interface LeafEncoding {
  /** The encoded LeafNode. */
  readonly bytes: Uint8Array;
  /** How many of them precede the signature: the LeafNodeTBS for a key_package leaf. */
  readonly tbsLength: number;
}

const known = new WeakMap<LeafNode, LeafEncoding>();

export function rememberLeafEncoding(leaf: LeafNode, encoding: LeafEncoding): void {
  known.set(leaf, encoding);
}

export function leafEncoding(leaf: LeafNode): LeafEncoding | undefined {
  return known.get(leaf);
}

const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);

/** LeafNodeHashInput with its node type (§7.8): leaf, leaf_index, a present leaf_node. */
export function leafHashInput(leafIndex: number, e: LeafEncoding): Uint8Array {
  return concat(Uint8Array.of(1), u32(leafIndex), Uint8Array.of(1), e.bytes);
}

const LABEL = varLen(new TextEncoder().encode('MLS 1.0 LeafNodeTBS'));

/** SignContent for the leaf's signature (§5.1.2, §7.2): LeafNodeTBS, with group id and index unless from a KeyPackage. */
export function leafSignContent(leaf: LeafNode, e: LeafEncoding, groupId: Uint8Array, leafIndex: number): Uint8Array {
  const head = e.bytes.subarray(0, e.tbsLength);
  const tbs = leaf.leafNodeSource === 'key_package' ? head : concat(head, varLen(groupId), u32(leafIndex));
  return concat(LABEL, varLen(tbs));
}
