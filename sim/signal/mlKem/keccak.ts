// The Keccak functions ML-KEM names (FIPS 203 §4.1: H, G, J, PRF, XOF), on OpenSSL through
// node:crypto. SHAKE output is a stream whose every prefix is the shorter output, so a fixed-length
// one-shot squeeze is the same as the incremental reader the standard describes. One or two input
// parts, no rest arguments: these run about 25 times per ML-KEM operation.
//
// Every `createHash` is a native object that V8 releases through a weak handle when it collects it;
// with 25 of them per operation, processing those handles was most of each young-generation
// collection's pause in a Signal run. SHA3-256 and SHA3-512 (H and G, fixed-length outputs) therefore
// go through node's one-shot `crypto.hash` (node >= 20.12), which makes no such object; the SHAKEs
// need an output length, which only `createHash` takes on node 20.
import * as nodeCrypto from 'node:crypto';
import { createHash, type Hash } from 'node:crypto';

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
/** J and PRF: SHAKE256 with `length` output bytes. */
export const shake256 = (length: number, a: Uint8Array, b?: Uint8Array): Uint8Array =>
  length === 0 ? new Uint8Array(0) : view(digest(createHash('shake256', { outputLength: length }), a, b));
/** XOF = SHAKE128, the first `length` output bytes: node's Buffer itself, read only by the sampler
 *  (a Buffer's `slice` is a view, so it is not handed on). */
export const shake128 = (length: number, input: Uint8Array): Buffer => digest(createHash('shake128', { outputLength: length }), input, undefined);
