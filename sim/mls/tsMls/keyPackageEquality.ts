// When two KeyPackages (or a KeyPackage and a leaf) represent the same client: ts-mls's default rule,
// equal signature public keys, compared with an early exit. ts-mls compares every Add with every other
// Add of a commit (RFC 9420 §12.2), 261,000 comparisons when 511 members are added at once, each a
// constant-time loop over the whole key; public keys need no constant time.
import type { KeyPackageEqualityConfig } from 'ts-mls/keyPackageEqualityConfig.js';
import { bytesEqual } from './bytes.ts';

export const keyPackageEquality: KeyPackageEqualityConfig = {
  compareKeyPackages: (a, b) => a === b || bytesEqual(a.leafNode.signaturePublicKey, b.leafNode.signaturePublicKey),
  compareKeyPackageToLeafNode: (a, b) => bytesEqual(a.leafNode.signaturePublicKey, b.signaturePublicKey),
};
