// SignalMessage (libsignal wire.proto): version byte, protobuf body, 8-byte truncated HMAC-SHA256.
// version byte = (session version << 4) | current version; this ring speaks version 4 (PQXDH).
// MAC = HMAC-SHA256(mac key, sender identity || receiver identity || version byte || body)[0..8].
import { bytesEqual, concat } from './bytes.ts';
import { hmacSha256 } from './primitives.ts';
import { decodeMessage, encodeMessage } from './protobuf.ts';
import { parsePublic } from './publicKey.ts';

export const MESSAGE_VERSION = 4;
export const MAC_LENGTH = 8;

export interface SignalMessageFields {
  readonly version: number;
  /** Serialized (33-byte) sender ratchet public key. */
  readonly ratchetKey: Uint8Array;
  readonly counter: number;
  readonly previousCounter: number;
  readonly ciphertext: Uint8Array;
  /** SPQR payload (field 5) sent by libsignal >= 0.74; carried but not interpreted here. */
  readonly pqRatchet?: Uint8Array;
}

export interface ParsedSignalMessage extends SignalMessageFields {
  readonly serialized: Uint8Array;
}

function mac(macKey: Uint8Array, senderIdentity: Uint8Array, receiverIdentity: Uint8Array, content: Uint8Array): Uint8Array {
  return hmacSha256(macKey, concat(senderIdentity, receiverIdentity, content)).subarray(0, MAC_LENGTH);
}

export function encodeSignalMessage(m: SignalMessageFields, macKey: Uint8Array, senderIdentity: Uint8Array, receiverIdentity: Uint8Array): Uint8Array {
  const content = encodeMessage(
    [
      { no: 1, bytes: m.ratchetKey },
      { no: 2, uint32: m.counter },
      { no: 3, uint32: m.previousCounter },
      { no: 4, bytes: m.ciphertext },
      m.pqRatchet && m.pqRatchet.length > 0 ? { no: 5, bytes: m.pqRatchet } : undefined,
    ],
    Uint8Array.of(((m.version & 0xf) << 4) | MESSAGE_VERSION),
  );
  return concat(content, mac(macKey, senderIdentity, receiverIdentity, content));
}

const SCHEMA = { 1: 'bytes', 2: 'uint32', 3: 'uint32', 4: 'bytes', 5: 'bytes', 6: 'bytes' } as const;

export function decodeSignalMessage(bytes: Uint8Array): ParsedSignalMessage | string {
  if (bytes.length < MAC_LENGTH + 1) return `SignalMessage too short (${bytes.length} bytes)`;
  const version = bytes[0]! >> 4;
  if (version !== MESSAGE_VERSION) return `SignalMessage version ${version} (this engine speaks ${MESSAGE_VERSION})`;
  const d = decodeMessage(bytes.subarray(1, bytes.length - MAC_LENGTH), SCHEMA);
  if (!d) return 'SignalMessage protobuf does not decode';
  const ratchetKey = d.bytes[1];
  const counter = d.uint32[2];
  const ciphertext = d.bytes[4];
  if (!ratchetKey || counter === undefined || !ciphertext) return 'SignalMessage lacks ratchet_key, counter or ciphertext';
  if (!parsePublic(ratchetKey)) return 'SignalMessage ratchet_key is not a Curve25519 public key';
  const pqRatchet = d.bytes[5];
  return { version, ratchetKey, counter, previousCounter: d.uint32[3] ?? 0, ciphertext, ...(pqRatchet ? { pqRatchet } : {}), serialized: bytes };
}

export function verifySignalMessageMac(m: ParsedSignalMessage, macKey: Uint8Array, senderIdentity: Uint8Array, receiverIdentity: Uint8Array): boolean {
  const content = m.serialized.subarray(0, m.serialized.length - MAC_LENGTH);
  return bytesEqual(mac(macKey, senderIdentity, receiverIdentity, content), m.serialized.subarray(m.serialized.length - MAC_LENGTH));
}
