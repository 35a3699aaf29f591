// SenderKeyDistributionMessage (libsignal wire.proto): version byte 0x33 and a protobuf carrying one
// sender's chain (id, iteration, 32-byte chain key) and its signing public key. It travels inside
// pairwise sessions, so it is not signed itself.
import { decodeMessage, encodeMessage } from './protobuf.ts';
import { parsePublic } from './publicKey.ts';
import { SENDER_KEY_VERSION } from './senderKeyMessage.ts';

export interface SenderKeyDistributionFields {
  readonly distributionId: Uint8Array;
  readonly chainId: number;
  readonly iteration: number;
  readonly chainKey: Uint8Array;
  /** Serialized (33-byte) signing public key. */
  readonly signingKey: Uint8Array;
}

const VERSION_BYTE = Uint8Array.of((SENDER_KEY_VERSION << 4) | SENDER_KEY_VERSION);

export function encodeSenderKeyDistribution(m: SenderKeyDistributionFields): Uint8Array {
  return encodeMessage(
    [
      { no: 1, bytes: m.distributionId },
      { no: 2, uint32: m.chainId },
      { no: 3, uint32: m.iteration },
      { no: 4, bytes: m.chainKey },
      { no: 5, bytes: m.signingKey },
    ],
    VERSION_BYTE,
  );
}

const SCHEMA = { 1: 'bytes', 2: 'uint32', 3: 'uint32', 4: 'bytes', 5: 'bytes' } as const;

export function decodeSenderKeyDistribution(bytes: Uint8Array): SenderKeyDistributionFields | string {
  if (bytes.length < 1 + 32 + 32) return `SenderKeyDistributionMessage too short (${bytes.length} bytes)`;
  const version = bytes[0]! >> 4;
  if (version !== SENDER_KEY_VERSION) return `SenderKeyDistributionMessage version ${version}`;
  const d = decodeMessage(bytes.subarray(1), SCHEMA);
  if (!d) return 'SenderKeyDistributionMessage protobuf does not decode';
  const distributionId = d.bytes[1];
  const chainId = d.uint32[2];
  const iteration = d.uint32[3];
  const chainKey = d.bytes[4];
  const signingKey = d.bytes[5];
  if (!distributionId || distributionId.length !== 16 || chainId === undefined || iteration === undefined || !chainKey || !signingKey)
    return 'SenderKeyDistributionMessage lacks a field';
  if (chainKey.length !== 32 || !parsePublic(signingKey)) return 'SenderKeyDistributionMessage chain_key or signing_key has the wrong size or type';
  return { distributionId, chainId, iteration, chainKey, signingKey };
}
