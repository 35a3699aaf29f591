// The Keccak functions ML-KEM names (FIPS 203 §4.1: H, G, J, PRF, XOF), on OpenSSL through
// node:crypto. SHAKE output is a stream whose every prefix is the shorter output, so a fixed-length
// one-shot squeeze is the same as the incremental reader the standard describes. One or two input
// parts, no rest arguments: these run about 25 times per ML-KEM operation.
import { createHash, type Hash } from 'node:crypto';

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function digest(h: Hash, a: Uint8Array, b: Uint8Array | undefined): Buffer {
  h.update(a);
  if (b !== undefined) h.update(b);
  return h.digest();
}

/** H = SHA3-256. */
export const sha3_256 = (a: Uint8Array, b?: Uint8Array): Uint8Array => view(digest(createHash('sha3-256'), a, b));
/** G = SHA3-512. */
export const sha3_512 = (a: Uint8Array, b?: Uint8Array): Uint8Array => view(digest(createHash('sha3-512'), a, b));
/** J and PRF: SHAKE256 with `length` output bytes. */
export const shake256 = (length: number, a: Uint8Array, b?: Uint8Array): Uint8Array =>
  length === 0 ? new Uint8Array(0) : view(digest(createHash('shake256', { outputLength: length }), a, b));
/** XOF = SHAKE128, the first `length` output bytes: node's Buffer itself, read only by the sampler
 *  (a Buffer's `slice` is a view, so it is not handed on). */
export const shake128 = (length: number, input: Uint8Array): Buffer => digest(createHash('shake128', { outputLength: length }), input, undefined);
