// Reading the public fields of a KeyPackage straight from its RFC 9420 wire form, without any MLS
// implementation: what a client checks against a directory or a key-transparency log. Engine-neutral
// (every conforming engine emits this format), so it sits beside, not inside, the MlsEngine interface.

export interface KeyPackageFields {
  readonly ciphersuite: number;
  /** The leaf's signature public key (RFC 9420 §7.2 LeafNode.signature_key). */
  readonly signatureKey: Uint8Array;
  /** The basic credential's identity, UTF-8 (RFC 9420 §5.3.1); undefined for other credential types. */
  readonly identity: string | undefined;
}

const WIRE_FORMAT_KEY_PACKAGE = 5;
const CREDENTIAL_BASIC = 1;

/** The fields of an MLSMessage carrying a KeyPackage, or undefined for anything else (never throws). */
export function keyPackageFields(bytes: Uint8Array): KeyPackageFields | undefined {
  let o = 0;
  const u16 = (): number => {
    if (o + 2 > bytes.length) throw new RangeError('truncated');
    const v = (bytes[o]! << 8) | bytes[o + 1]!;
    o += 2;
    return v;
  };
  // Variable-size vector length, RFC 9420 §2.1.2 (QUIC-style 1/2/4-byte prefix).
  const opaque = (): Uint8Array => {
    if (o >= bytes.length) throw new RangeError('truncated');
    const prefix = bytes[o]! >> 6;
    let len: number;
    if (prefix === 0) len = bytes[o++]! & 0x3f;
    else if (prefix === 1) {
      if (o + 2 > bytes.length) throw new RangeError('truncated');
      len = ((bytes[o]! & 0x3f) << 8) | bytes[o + 1]!;
      o += 2;
    } else if (prefix === 2) {
      if (o + 4 > bytes.length) throw new RangeError('truncated');
      len = (((bytes[o]! & 0x3f) << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
      o += 4;
    } else throw new RangeError('bad varint');
    if (o + len > bytes.length) throw new RangeError('truncated');
    const v = bytes.subarray(o, o + len);
    o += len;
    return v;
  };
  try {
    u16(); // MLSMessage.version
    if (u16() !== WIRE_FORMAT_KEY_PACKAGE) return undefined;
    u16(); // KeyPackage.version
    const ciphersuite = u16();
    opaque(); // init_key
    opaque(); // leaf_node.encryption_key
    const signatureKey = opaque().slice();
    const credentialType = u16();
    const identity = credentialType === CREDENTIAL_BASIC ? new TextDecoder('utf-8', { fatal: true }).decode(opaque()) : undefined;
    return { ciphersuite, signatureKey, identity };
  } catch {
    return undefined;
  }
}
