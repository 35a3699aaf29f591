// Reading a KeyPackage that arrived as an MLSMessage (from a directory, i.e. from anyone).
import type { CiphersuiteName, KeyPackage } from 'ts-mls';
import type { Rejected } from '../engine.ts';
import { rejected } from './rejection.ts';
import { decodeKeyPackageMessageFast } from './treeDecoder.ts';
import { decodeMessage } from './wire.ts';

export function decodeKeyPackageMessage(
  bytes: Uint8Array,
  suite: CiphersuiteName,
): { kind: 'ok'; keyPackage: KeyPackage } | Rejected {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('keyPackage: expected bytes');
  const fast = decodeKeyPackageMessageFast(bytes); // the same message, faster (treeDecoder.ts)
  const msg = fast === 'fallback' ? decodeMessage(bytes) : fast;
  if (msg === undefined) return rejected('malformed', 'key package: does not decode as an MLSMessage');
  if (msg.wireformat !== 'mls_key_package') return rejected('malformed', `key package: got ${msg.wireformat}`);
  // RFC 9420 §12.2: an Add's KeyPackage must use the group's version and ciphersuite.
  if (msg.keyPackage.cipherSuite !== suite) return rejected('invalid', `key package: ciphersuite ${msg.keyPackage.cipherSuite}, group uses ${suite}`);
  return { kind: 'ok', keyPackage: msg.keyPackage };
}
