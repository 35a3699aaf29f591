// ts-mls 1.6.4's validateLeafNodeCredentialAndKeyUniqueness (RFC 9420 §7.3: every leaf supports the
// credential type; encryption keys unique across the tree; signature keys unique across leaves), the
// same checks in the same order, with the same errors. ts-mls copies every key into a new Buffer to
// base64 it; here each key is read in place as a binary string. It runs on every commit with a path,
// over the whole tree.
import type { LeafNode, RatchetTree } from 'ts-mls';
import { ValidationError } from 'ts-mls/mlsError.js';

/** A key's bytes as a string, read in place (for sets of keys). */
export const keyOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

export function keyUniquenessError(tree: RatchetTree, leafNode: LeafNode, existingLeafIndex?: number): ValidationError | undefined {
  const hpkeKeys = new Set<string>();
  const signatureKeys = new Set<string>();
  for (const [nodeIndex, node] of tree.entries()) {
    if (node?.nodeType === 'leaf') {
      if (!node.leaf.capabilities.credentials.includes(leafNode.credential.credentialType)) {
        return new ValidationError('LeafNode has credential that is not supported by member of the group');
      }
      const hpkeKey = keyOf(node.leaf.hpkePublicKey);
      if (hpkeKeys.has(hpkeKey)) return new ValidationError('hpke keys not unique');
      hpkeKeys.add(hpkeKey);
      const signatureKey = keyOf(node.leaf.signaturePublicKey);
      if (signatureKeys.has(signatureKey) && existingLeafIndex !== nodeIndex / 2) return new ValidationError('signature keys not unique');
      signatureKeys.add(signatureKey);
    } else if (node?.nodeType === 'parent') {
      const hpkeKey = keyOf(node.parent.hpkePublicKey);
      if (hpkeKeys.has(hpkeKey)) return new ValidationError('hpke keys not unique');
      hpkeKeys.add(hpkeKey);
    }
  }
  return undefined;
}
