// Deterministic byte sources and text helpers shared by the protocol tests (MLS and Signal).
import { shake256 } from '@noble/hashes/sha3.js';

/** A deterministic byte source for tests: SHAKE256 of the seed and a call counter. */
export function seededBytes(seed: string): (n: number) => Uint8Array {
  const prefix = new TextEncoder().encode(seed);
  let counter = 0;
  return (n) => {
    const block = new Uint8Array(prefix.length + 4);
    block.set(prefix);
    new DataView(block.buffer).setUint32(prefix.length, counter++);
    return shake256(block, { dkLen: n });
  };
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);
