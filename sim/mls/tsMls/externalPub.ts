// The external_pub GroupInfo extension (RFC 9420 §12.4.3.2): `struct { HPKEPublicKey external_pub; }`
// with `opaque HPKEPublicKey<V>`, so the extension data is the public key behind its varint length
// (33 bytes starting 0x20 for X25519). ts-mls 1.6.4 writes and reads the key without that prefix, which
// independent implementations (OpenMLS) reject; the engine writes and reads it as the RFC says.
import type { CiphersuiteImpl, ClientState, Extension, GroupInfo } from 'ts-mls';
import { createGroupInfoWithRatchetTree } from 'ts-mls/createCommit.js';
import { decodeVarLenData, varLenDataEncoder } from 'ts-mls/codec/variableLength.js';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { CodecError, UsageError } from 'ts-mls/mlsError.js';

/** The extension data for an HPKE public key: the key with its varint length prefix. */
export function encodeExternalPub(publicKey: Uint8Array): Uint8Array {
  return encode(varLenDataEncoder)(publicKey);
}

/** The HPKE public key inside external_pub data; a CodecError (malformed) unless the data is exactly one opaque<V>. */
export function decodeExternalPub(data: Uint8Array): Uint8Array {
  const decoded = decodeVarLenData(data, 0);
  if (decoded === undefined) throw new CodecError('external_pub: does not decode as opaque HPKEPublicKey<V>');
  const [key, used] = decoded;
  if (used !== data.length) throw new CodecError(`external_pub: ${data.length - used} bytes after the HPKEPublicKey`);
  return key;
}

/** The public key of a GroupInfo's external_pub extension. */
export function externalPubOf(gi: GroupInfo): Uint8Array {
  const ext = gi.extensions.find((ex: Extension) => ex.extensionType === 'external_pub');
  if (ext === undefined) throw new UsageError('Could not find external_pub extension');
  return decodeExternalPub(ext.extensionData);
}

/** A signed GroupInfo of the member's current epoch with external_pub and the ratchet tree (in that order). */
export async function groupInfoWithExternalPub(state: ClientState, cs: CiphersuiteImpl): Promise<GroupInfo> {
  const keyPair = await cs.hpke.deriveKeyPair(state.keySchedule.externalSecret);
  const publicKey = await cs.hpke.exportPublicKey(keyPair.publicKey);
  const ext: Extension = { extensionType: 'external_pub', extensionData: encodeExternalPub(publicKey) };
  return createGroupInfoWithRatchetTree(state.groupContext, state.confirmationTag, state, state.ratchetTree, [ext], cs);
}
