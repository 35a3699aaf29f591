// KeyPackageRef (RFC 9420 §5.2): RefHash("MLS 1.0 KeyPackage Reference", KeyPackage), computed
// synchronously with the suite's hash so a device can match a Welcome's new_member entries to its own
// KeyPackages before trying any decryption.
import { createHash } from 'node:crypto';
import type { KeyPackage } from 'ts-mls';
import { getCiphersuiteFromName } from 'ts-mls/crypto/ciphersuite.js';
import { encodeKeyPackage } from 'ts-mls/keyPackage.js';
import type { KeyPackagePrivate } from '../engine.ts';
import { asKeyPackagePrivate } from './handles.ts';
import { decodeMessage } from './wire.ts';

const LABEL = new TextEncoder().encode('MLS 1.0 KeyPackage Reference');
const NODE_HASH = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

export function keyPackageRef(x: KeyPackagePrivate | Uint8Array): Uint8Array {
  return refOf(x instanceof Uint8Array ? keyPackageOf(x) : asKeyPackagePrivate(x).keyPackage);
}

export function refOf(kp: KeyPackage): Uint8Array {
  const hash = NODE_HASH[getCiphersuiteFromName(kp.cipherSuite).hash];
  // RefHashInput: opaque label<V>, opaque value<V> (RFC 9420 §5.2, §2.1.2 variable-length vectors).
  return new Uint8Array(createHash(hash).update(varLen(LABEL)).update(varLen(encodeKeyPackage(kp))).digest());
}

function keyPackageOf(bytes: Uint8Array): KeyPackage {
  const msg = decodeMessage(bytes);
  if (msg?.wireformat !== 'mls_key_package') throw new RangeError('keyPackage: not a KeyPackage MLSMessage');
  return msg.keyPackage;
}

function varLen(b: Uint8Array): Uint8Array {
  const n = b.length;
  const prefix = n < 64 ? [n] : n < 16384 ? [0x40 | (n >> 8), n & 0xff] : [0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(prefix.length + n);
  out.set(prefix);
  out.set(b, prefix.length);
  return out;
}
