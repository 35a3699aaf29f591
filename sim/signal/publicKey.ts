// libsignal's serialized Curve25519 public key: a type byte 0x05 (DJB) and the 32-byte u-coordinate.
import { concat } from './bytes.ts';

export const DJB_TYPE = 0x05;

export function serializePublic(raw: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(DJB_TYPE), raw);
}

/** The raw 32 bytes of a serialized public key, or `undefined` when it is not one. */
export function parsePublic(serialized: Uint8Array): Uint8Array | undefined {
  if (serialized.length !== 33 || serialized[0] !== DJB_TYPE) return undefined;
  return serialized.subarray(1);
}
