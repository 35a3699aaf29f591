// The Keccak functions ML-KEM names (FIPS 203 §4.1: H, G, J, PRF, XOF), on OpenSSL through
// node:crypto. SHAKE output is a stream whose every prefix is the shorter output, so a fixed-length
// one-shot squeeze is the same as the incremental reader the standard describes.
import { createHash } from 'node:crypto';

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function hash(algorithm: string, parts: readonly Uint8Array[], outputLength?: number): Uint8Array {
  const h = outputLength === undefined ? createHash(algorithm) : createHash(algorithm, { outputLength });
  for (const p of parts) h.update(p);
  return view(h.digest());
}

/** H = SHA3-256. */
export const sha3_256 = (...parts: readonly Uint8Array[]): Uint8Array => hash('sha3-256', parts);
/** G = SHA3-512. */
export const sha3_512 = (...parts: readonly Uint8Array[]): Uint8Array => hash('sha3-512', parts);
/** J and PRF: SHAKE256 with `length` output bytes. */
export const shake256 = (length: number, ...parts: readonly Uint8Array[]): Uint8Array => (length === 0 ? new Uint8Array(0) : hash('shake256', parts, length));
/** XOF = SHAKE128, the first `length` output bytes. */
export const shake128 = (length: number, ...parts: readonly Uint8Array[]): Uint8Array => hash('shake128', parts, length);
