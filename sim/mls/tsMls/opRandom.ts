// Randomness for one engine operation, all of it derived from a single 32-byte seed drawn from the
// member's byte source before the operation's first `await`.
//
// Why not hand the byte source straight to ts-mls: inside one operation ts-mls encrypts path secrets
// and Welcome secrets in `Promise.all`, and WebCrypto settles those promises in an order that depends
// on thread timing. A shared counter would then give each HPKE encryption different randomness from
// run to run. `bound` draws depend only on the seed and the encryption's own inputs, so the order in
// which they happen does not matter; `next` draws are used only on sequential code paths.
import { createHash } from 'node:crypto';
import type { RandomBytes } from '../engine.ts';

export interface OpRandom {
  /** Sequential draws: path secrets, reuse guards, epoch secrets, PSK nonces, key-pair IKM. */
  readonly next: (n: number) => Uint8Array;
  /** A draw fixed by the seed, the label and the parts: ephemeral KEM randomness per encryption. */
  readonly bound: (label: string, n: number, parts: readonly Uint8Array[]) => Uint8Array;
}

const SEED_LENGTH = 32;
const encoder = new TextEncoder();

export function drawSeed(source: RandomBytes): Uint8Array {
  const seed = source(SEED_LENGTH);
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_LENGTH) {
    throw new TypeError(`randomBytes: asked for ${SEED_LENGTH} bytes, got ${describe(seed)}`);
  }
  return seed.slice();
}

export function opRandom(source: RandomBytes): OpRandom {
  return seededRandom(drawSeed(source));
}

/** The same draws from a seed taken earlier with `drawSeed`: an operation drawn now and computed later. */
export function seededRandom(seed: Uint8Array): OpRandom {
  if (seed.length !== SEED_LENGTH) throw new RangeError(`seed: expected ${SEED_LENGTH} bytes, got ${seed.length}`);
  let counter = 0;
  return {
    next(n) {
      const block = new Uint8Array(SEED_LENGTH + 9);
      block[0] = 0x01; // domain: sequential
      block.set(seed, 1);
      new DataView(block.buffer).setBigUint64(SEED_LENGTH + 1, BigInt(counter++));
      const h = shake256(n);
      h.update(block);
      return h.digest();
    },
    bound(label, n, parts) {
      const h = shake256(n);
      h.update(Uint8Array.of(0x02)); // domain: bound
      h.update(seed);
      for (const part of [encoder.encode(label), ...parts]) {
        h.update(u32(part.length));
        h.update(part);
      }
      return h.digest();
    },
  };
}

/** SHAKE256 (FIPS 202) with n output bytes, on OpenSSL: the same bytes as any SHAKE256, without a JavaScript Keccak. */
function shake256(n: number): { update(b: Uint8Array): unknown; digest(): Uint8Array } {
  if (n === 0) return { update: () => undefined, digest: () => new Uint8Array(0) };
  const h = createHash('shake256', { outputLength: n });
  return {
    update: (b) => h.update(b),
    digest: () => {
      const out = h.digest();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

function describe(x: unknown): string {
  if (x instanceof Uint8Array) return `${x.length} bytes`;
  return x === null ? 'null' : typeof x;
}
