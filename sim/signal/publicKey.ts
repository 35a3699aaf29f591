// libsignal's serialized Curve25519 public key: a type byte 0x05 (DJB) and the 32-byte u-coordinate.
export const DJB_TYPE = 0x05;

export function serializePublic(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + raw.length);
  out[0] = DJB_TYPE;
  out.set(raw, 1);
  return out;
}

/** The raw 32 bytes of a serialized public key, or `undefined` when it is not one. */
export function parsePublic(serialized: Uint8Array): Uint8Array | undefined {
  if (serialized.length !== 33 || serialized[0] !== DJB_TYPE) return undefined;
  return serialized.subarray(1);
}
