import type { NodeId } from '../core/index.ts';
import { keyPackageFields, type KeyPackageFields } from '../mls/keyPackageFields.ts';
import { decodeBundle } from './signal/bundleCodec.ts';
import { SIGNAL_BUNDLES } from './signal/wire.ts';

/**
 * The key a client pins, verifies and looks up in a key-transparency log for what a directory served
 * for `device`, under either protocol: an MLS KeyPackage's leaf signature key (its credential names
 * the device), or a Signal prekey bundle's identity key (a bundle names no device: the directory's
 * answer binds it to `device`, and the identity key is what Signal's safety number covers). Undefined
 * for bytes that are neither.
 */
export function contactKeyOf(bytes: Uint8Array, device: NodeId | undefined): KeyPackageFields | undefined {
  const mls = keyPackageFields(bytes);
  if (mls !== undefined) return mls;
  const bundle = decodeBundle(bytes);
  return bundle === undefined ? undefined : { ciphersuite: SIGNAL_BUNDLES, signatureKey: bundle.identityKey, identity: device };
}
