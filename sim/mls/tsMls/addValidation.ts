// ts-mls 1.6.4 validates the KeyPackages of a commit's Adds (RFC 9420 §12.2) in an async `reduce` that
// starts every Add's validation at once and chains them afterwards: when an Add that is not the last
// fails, its rejection can stay unawaited past a turn of the event loop, which Node treats as an
// unhandled rejection and, with no handler installed, ends the process (seen with the stock provider:
// a forged KeyPackage among several Adds, sent by anyone). So a commit with several Adds has its
// KeyPackages checked here first, with ts-mls's checks in ts-mls's order and with its errors; ts-mls
// only ever sees Adds that pass. When some fail, ts-mls runs without them (its earlier checks may still
// reject the commit, as they would have first), and otherwise the error is the one ts-mls reports: that
// of the last failing Add (its reduce ends with it).
import type { CiphersuiteImpl, ClientConfig, GroupContext, KeyPackage, RatchetTree } from 'ts-mls';
import { verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import { CryptoVerificationError, ValidationError, type MlsError } from 'ts-mls/mlsError.js';
import { constantTimeEqual } from 'ts-mls/util/constantTimeCompare.js';
import { keyUniquenessError } from './keyUniqueness.ts';
import { validateLeafNode } from './validateRatchetTree.ts';

/** ts-mls's validateKeyPackage: the first rule `kp` breaks as an Add to `tree`, or undefined. */
export async function keyPackageError(
  kp: KeyPackage,
  groupContext: GroupContext,
  tree: RatchetTree,
  sentByClient: boolean,
  config: ClientConfig,
  cs: CiphersuiteImpl,
): Promise<MlsError | undefined> {
  if (kp.cipherSuite !== groupContext.cipherSuite) return new ValidationError('Invalid CipherSuite');
  if (kp.version !== groupContext.version) return new ValidationError('Invalid mls version');
  const unique = keyUniquenessError(tree, kp.leafNode);
  if (unique !== undefined) return unique;
  const leaf = kp.leafNode;
  const leafError = await validateLeafNode(leaf, verifyLeafNodeSignatureKeyPackage(leaf, cs.signature), groupContext, config, sentByClient || config.lifetimeConfig.validateLifetimeOnReceive);
  if (leafError !== undefined) return leafError;
  if (!(await verifyKeyPackage(kp, cs.signature))) return new CryptoVerificationError('Invalid keypackage signature');
  if (constantTimeEqual(kp.initKey, leaf.hpkePublicKey)) return new ValidationError('Cannot have identicial init and encryption keys');
  return undefined;
}
