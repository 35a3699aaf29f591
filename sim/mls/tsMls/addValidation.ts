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
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import { CodecError, CryptoVerificationError, ValidationError, type MlsError } from 'ts-mls/mlsError.js';
import { decodeRequiredCapabilities } from 'ts-mls/requiredCapabilities.js';
import { constantTimeEqual } from 'ts-mls/util/constantTimeCompare.js';
import { keyUniquenessError } from './keyUniqueness.ts';

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
  if (!(await verifyLeafNodeSignatureKeyPackage(leaf, cs.signature))) return new CryptoVerificationError('Could not verify leaf node signature');
  if ((sentByClient || config.lifetimeConfig.validateLifetimeOnReceive) && leaf.leafNodeSource === 'key_package') {
    const now = BigInt(Math.floor(Date.now() / 1000)); // wall-clock ok: ts-mls's own lifetime check, mirrored (lifetimes are the widest allowed)
    if (leaf.lifetime.notBefore > now || leaf.lifetime.notAfter < now) return new ValidationError('Current time not within Lifetime');
  }
  if (!(await config.authService.validateCredential(leaf.credential, leaf.signaturePublicKey))) return new ValidationError('Could not validate credential');
  const required = groupContext.extensions.find((e) => e.extensionType === 'required_capabilities');
  if (required !== undefined) {
    const caps = decodeRequiredCapabilities(required.extensionData, 0);
    if (caps === undefined) return new CodecError('Could not decode required_capabilities');
    const c = leaf.capabilities;
    const ok =
      caps[0].credentialTypes.every((t) => c.credentials.includes(t)) &&
      caps[0].extensionTypes.every((e) => c.extensions.includes(e)) &&
      caps[0].proposalTypes.every((p) => c.proposals.includes(p));
    if (!ok) return new ValidationError('LeafNode does not support required capabilities');
  }
  if (!extensionsSupportedByCapabilities(leaf.extensions, leaf.capabilities)) return new ValidationError('LeafNode contains extension not listed in capabilities');
  if (!(await verifyKeyPackage(kp, cs.signature))) return new CryptoVerificationError('Invalid keypackage signature');
  if (constantTimeEqual(kp.initKey, leaf.hpkePublicKey)) return new ValidationError('Cannot have identicial init and encryption keys');
  return undefined;
}
