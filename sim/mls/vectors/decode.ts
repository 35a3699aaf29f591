// Decoding a whole byte string with a ts-mls decoder: undefined unless every byte is consumed.
import type { Decoder } from 'ts-mls/codec/tlsDecoder.js';

export function decodeAll<T>(dec: Decoder<T>, bytes: Uint8Array): T | undefined {
  try {
    const r = dec(bytes, 0);
    return r !== undefined && r[1] === bytes.length ? r[0] : undefined;
  } catch {
    return undefined;
  }
}
