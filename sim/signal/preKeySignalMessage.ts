// PreKeySignalMessage (libsignal wire.proto): version byte and a protobuf carrying the PQXDH
// initiator's public values around the first SignalMessage. Fields are written in the .proto
// declaration order (5, 1, 6, 7, 8, 2, 3, 4), as libsignal does.
import { KEM_CIPHERTEXT_LENGTH } from './kem.ts';
import { decodeMessage, encodeMessage } from './protobuf.ts';
import { parsePublic } from './publicKey.ts';
import { decodeSignalMessage, MESSAGE_VERSION, type ParsedSignalMessage } from './signalMessage.ts';

export interface PreKeySignalMessageFields {
  readonly registrationId: number;
  readonly preKeyId?: number;
  readonly signedPreKeyId: number;
  readonly kyberPreKeyId: number;
  readonly kyberCiphertext: Uint8Array;
  /** Serialized (33-byte) initiator base key and identity key. */
  readonly baseKey: Uint8Array;
  readonly identityKey: Uint8Array;
}

export interface ParsedPreKeySignalMessage extends PreKeySignalMessageFields {
  readonly message: ParsedSignalMessage;
}

const VERSION_BYTE = Uint8Array.of((MESSAGE_VERSION << 4) | MESSAGE_VERSION);

export function encodePreKeySignalMessage(m: PreKeySignalMessageFields, signalMessage: Uint8Array): Uint8Array {
  return encodeMessage(
    [
      { no: 5, uint32: m.registrationId },
      m.preKeyId !== undefined ? { no: 1, uint32: m.preKeyId } : undefined,
      { no: 6, uint32: m.signedPreKeyId },
      { no: 7, uint32: m.kyberPreKeyId },
      { no: 8, bytes: m.kyberCiphertext },
      { no: 2, bytes: m.baseKey },
      { no: 3, bytes: m.identityKey },
      { no: 4, bytes: signalMessage },
    ],
    VERSION_BYTE,
  );
}

const SCHEMA = { 1: 'uint32', 2: 'bytes', 3: 'bytes', 4: 'bytes', 5: 'uint32', 6: 'uint32', 7: 'uint32', 8: 'bytes' } as const;

export function decodePreKeySignalMessage(bytes: Uint8Array): ParsedPreKeySignalMessage | string {
  if (bytes.length < 1) return 'PreKeySignalMessage is empty';
  const version = bytes[0]! >> 4;
  if (version !== MESSAGE_VERSION) return `PreKeySignalMessage version ${version} (this engine speaks ${MESSAGE_VERSION}, PQXDH)`;
  const d = decodeMessage(bytes.subarray(1), SCHEMA);
  if (!d) return 'PreKeySignalMessage protobuf does not decode';
  const baseKey = d.bytes[2];
  const identityKey = d.bytes[3];
  const inner = d.bytes[4];
  const signedPreKeyId = d.uint32[6];
  const kyberPreKeyId = d.uint32[7];
  const kyberCiphertext = d.bytes[8];
  if (!baseKey || !identityKey || !inner || signedPreKeyId === undefined) return 'PreKeySignalMessage lacks base_key, identity_key, message or signed_pre_key_id';
  if (kyberPreKeyId === undefined || !kyberCiphertext) return 'PreKeySignalMessage lacks the Kyber pre-key id or ciphertext (required for version 4)';
  if (kyberCiphertext.length !== KEM_CIPHERTEXT_LENGTH) return `PreKeySignalMessage kyber_ciphertext has ${kyberCiphertext.length} bytes`;
  if (!parsePublic(baseKey) || !parsePublic(identityKey)) return 'PreKeySignalMessage base_key or identity_key is not a Curve25519 public key';
  const message = decodeSignalMessage(inner);
  if (typeof message === 'string') return message;
  const preKeyId = d.uint32[1];
  return {
    registrationId: d.uint32[5] ?? 0,
    ...(preKeyId !== undefined ? { preKeyId } : {}),
    signedPreKeyId,
    kyberPreKeyId,
    kyberCiphertext,
    baseKey,
    identityKey,
    message,
  };
}
