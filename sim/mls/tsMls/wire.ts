// MLSMessage framing (RFC 9420 §6) through ts-mls's codec, strict about trailing bytes.
import { decodeMlsMessage, encodeMlsMessage, type MLSMessage } from 'ts-mls';

export function encodeMessage(message: MLSMessage): Uint8Array {
  return encodeMlsMessage(message);
}

/** The message, or undefined for anything that is not exactly one well-formed MLSMessage. */
export function decodeMessage(bytes: Uint8Array): MLSMessage | undefined {
  try {
    const res = decodeMlsMessage(bytes, 0);
    if (res === undefined || res[1] !== bytes.length) return undefined;
    return res[0];
  } catch {
    // The decoders index past the end of truncated input instead of returning undefined.
    return undefined;
  }
}
