// The KeyPackages of a commit's Add proposals carry two signatures each (RFC 9420 §10.1: the
// KeyPackage's and its leaf node's), which ts-mls's applyProposals checks one after the other. Here
// they are all started before it runs, concurrently where the provider can (native/concurrentVerify.ts),
// and the checks of addValidation.ts and ts-mls's own verify calls are answered from them: a call whose public key, message and signature
// are byte for byte one of the started checks gets that check's result; any other call verifies as
// usual. Nothing is skipped: every check ts-mls asks for is one that ran.
import type { CiphersuiteImpl, KeyPackage, Signature } from 'ts-mls';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { composeBufferEncoders } from 'ts-mls/codec/tlsEncoder.js';
import { varLenDataEncoder } from 'ts-mls/codec/variableLength.js';
import { keyPackageTBSEncoder } from 'ts-mls/keyPackage.js';
import { leafNodeTBSEncoder } from 'ts-mls/leafNode.js';
import { bytesEqual } from './bytes.ts';
import { concurrentSignature } from './native/concurrentVerify.ts';
import { leafEncoding, leafSignContent } from './leafEncoding.ts';
import { keyPackageTbsBytes } from './treeDecoder.ts';

interface Started {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly result: Promise<boolean>;
}

const te = new TextEncoder();
const LEAF_LABEL = te.encode('MLS 1.0 LeafNodeTBS');
const KP_LABEL = te.encode('MLS 1.0 KeyPackageTBS');
const signContent = encode(composeBufferEncoders([varLenDataEncoder, varLenDataEncoder]));
const keyOf = (signature: Uint8Array) => Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');

/**
 * `cs` with a verify that answers the KeyPackages' signature checks from checks started now, once all
 * of them have finished. ts-mls starts every Add's validation at once and chains them afterwards, so
 * its promises must settle within one turn: a failed check that settled later would be a rejection
 * nobody handles yet (which Node treats as fatal).
 */
export async function withPrefetchedKeyPackageSignatures(cs: CiphersuiteImpl, keyPackages: readonly KeyPackage[]): Promise<CiphersuiteImpl> {
  if (keyPackages.length < 2) return cs;
  const fast = concurrentSignature(cs.signature); // the provider's own verify if it has no concurrent one
  const started = new Map<string, Started[]>();
  const start = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => {
    const result = fast.verify(publicKey, message, signature);
    result.catch(() => {}); // handed to ts-mls (and rethrown there) when it asks
    const k = keyOf(signature);
    started.set(k, [...(started.get(k) ?? []), { publicKey, message, result }]);
  };
  for (const kp of keyPackages) {
    try {
      const pk = kp.leafNode.signaturePublicKey;
      // From the wire bytes when the KeyPackage was decoded here (the same bytes ts-mls would encode).
      const leafWire = leafEncoding(kp.leafNode);
      const kpWire = keyPackageTbsBytes(kp);
      start(pk, leafWire !== undefined ? leafSignContent(kp.leafNode, leafWire, new Uint8Array(0), 0) : signContent([LEAF_LABEL, encode(leafNodeTBSEncoder)(kp.leafNode)]), kp.leafNode.signature);
      start(pk, signContent([KP_LABEL, kpWire ?? encode(keyPackageTBSEncoder)(kp)]), kp.signature);
    } catch {
      // ts-mls meets the same encoding problem when it gets there
    }
  }
  await Promise.allSettled([...started.values()].flat().map((s) => s.result));
  const signature: Signature = {
    ...cs.signature,
    verify(publicKey, message, sig) {
      const hit = started.get(keyOf(sig))?.find((s) => bytesEqual(s.publicKey, publicKey) && bytesEqual(s.message, message));
      return hit?.result ?? cs.signature.verify(publicKey, message, sig);
    },
  };
  return { ...cs, signature };
}
