// SenderKeyMessage (libsignal wire.proto): version byte 0x33, protobuf body, and a 64-byte XEdDSA
// signature by the sender's signing key over version byte || body.
import { concat } from './bytes.ts';
import { decodeMessage, encodeMessage } from './protobuf.ts';
import { xeddsaSign, xeddsaVerify, type XedSigningKey } from './xeddsa.ts';

export const SENDER_KEY_VERSION = 3;
export const SIGNATURE_LENGTH = 64;

export interface SenderKeyMessageFields {
  readonly distributionId: Uint8Array; // 16-byte UUID
  readonly chainId: number;
  readonly iteration: number;
  readonly ciphertext: Uint8Array;
}

const VERSION_BYTE = Uint8Array.of((SENDER_KEY_VERSION << 4) | SENDER_KEY_VERSION);

export function encodeSenderKeyMessage(m: SenderKeyMessageFields, signingKey: XedSigningKey, z: Uint8Array): Uint8Array {
  const content = encodeMessage(
    [
      { no: 1, bytes: m.distributionId },
      { no: 2, uint32: m.chainId },
      { no: 3, uint32: m.iteration },
      { no: 4, bytes: m.ciphertext },
    ],
    VERSION_BYTE,
  );
  return concat(content, xeddsaSign(signingKey, content, z));
}

const SCHEMA = { 1: 'bytes', 2: 'uint32', 3: 'uint32', 4: 'bytes' } as const;

export function decodeSenderKeyMessage(bytes: Uint8Array): SenderKeyMessageFields | string {
  if (bytes.length < 1 + SIGNATURE_LENGTH) return `SenderKeyMessage too short (${bytes.length} bytes)`;
  const version = bytes[0]! >> 4;
  if (version !== SENDER_KEY_VERSION) return `SenderKeyMessage version ${version}`;
  const d = decodeMessage(bytes.subarray(1, bytes.length - SIGNATURE_LENGTH), SCHEMA);
  if (!d) return 'SenderKeyMessage protobuf does not decode';
  const distributionId = d.bytes[1];
  const chainId = d.uint32[2];
  const iteration = d.uint32[3];
  const ciphertext = d.bytes[4];
  if (!distributionId || distributionId.length !== 16 || chainId === undefined || iteration === undefined || !ciphertext)
    return 'SenderKeyMessage lacks a 16-byte distribution_uuid, chain_id, iteration or ciphertext';
  return { distributionId, chainId, iteration, ciphertext };
}

/** `signingKey` is the raw 32-byte Montgomery key from the distribution message. */
export function verifySenderKeyMessage(bytes: Uint8Array, signingKey: Uint8Array): boolean {
  const cut = bytes.length - SIGNATURE_LENGTH;
  return xeddsaVerify(signingKey, bytes.subarray(0, cut), bytes.subarray(cut));
}
