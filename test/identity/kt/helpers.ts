import { createHash } from 'node:crypto';

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** SHA-256 of the concatenation, computed independently of the code under test. */
export const H = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(Uint8Array.from(p));
  return new Uint8Array(h.digest());
};
/** Flips one bit of one byte, in a copy. */
export const flip = (b: Uint8Array, byte = 0, bit = 0): Uint8Array => {
  const c = b.slice();
  c[byte]! ^= 1 << bit;
  return c;
};
