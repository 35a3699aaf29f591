// The Keccak functions ML-KEM names (FIPS 203 §4.1: H, G, J, PRF, XOF). SHA3-256 and SHA3-512 (H and
// G) run on OpenSSL through node's one-shot `crypto.hash` (node >= 20.12), which makes no object. The
// SHAKEs (J, PRF, XOF) need an output length, which on node 20 only `createHash` takes, and every
// `createHash` is a native object V8 releases through a weak handle when it collects it: with about 25
// per ML-KEM operation, processing those handles was most of each young-generation collection's pause
// in a Signal run. So the SHAKEs run in JavaScript (shake.ts), checked against OpenSSL byte for byte.
// SHAKE output is a stream whose every prefix is the shorter output, so a fixed-length squeeze is the
// same as the incremental reader the standard describes. One or two input parts, no rest arguments.
import * as nodeCrypto from 'node:crypto';
import { createHash, type Hash } from 'node:crypto';
import { shake128Into, shake256Of } from './shake.ts';

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Buffer;
const oneShot: OneShotHash | undefined = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function digest(h: Hash, a: Uint8Array, b: Uint8Array | undefined): Buffer {
  h.update(a);
  if (b !== undefined) h.update(b);
  return h.digest();
}

/** Two short parts side by side for a one-shot hash (m || H(ek), d || k, ...): wiped after each use. */
const joined = new Uint8Array(128);

function fixed(algorithm: 'sha3-256' | 'sha3-512', a: Uint8Array, b: Uint8Array | undefined): Uint8Array {
  if (oneShot === undefined) return view(digest(createHash(algorithm), a, b));
  if (b === undefined) return view(oneShot(algorithm, a, 'buffer'));
  if (a.length + b.length > joined.length) return view(digest(createHash(algorithm), a, b));
  joined.set(a);
  joined.set(b, a.length);
  const out = oneShot(algorithm, joined.subarray(0, a.length + b.length), 'buffer');
  joined.fill(0);
  return view(out);
}

/** H = SHA3-256. */
export const sha3_256 = (a: Uint8Array, b?: Uint8Array): Uint8Array => fixed('sha3-256', a, b);
/** G = SHA3-512. */
export const sha3_512 = (a: Uint8Array, b?: Uint8Array): Uint8Array => fixed('sha3-512', a, b);
/** J and PRF: SHAKE256 with `length` output bytes, in JavaScript (shake.ts: no native object per call). */
export const shake256 = (length: number, a: Uint8Array, b?: Uint8Array): Uint8Array => shake256Of(length, a, b);

/** Where SHAKE128's output is written: the sampler reads it before it asks again, and keeps none of it. */
let xofOut = new Uint8Array(1008);

/** XOF = SHAKE128, the first `length` output bytes, in JavaScript: valid until the next call (the sampler reads it, then asks again or is done). */
export function shake128(length: number, input: Uint8Array): Uint8Array {
  if (length > xofOut.length) xofOut = new Uint8Array(Math.max(length, 2 * xofOut.length));
  return shake128Into(length, input, xofOut).subarray(0, length);
}
