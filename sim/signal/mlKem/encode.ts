// ByteEncode_d / ByteDecode_d (FIPS 203 Algorithms 5 and 6: d bits per coefficient, little-endian)
// and Compress_d / Decompress_d (§4.2.1, rounding half up).
import { N, Q, newPoly, type Poly } from './poly.ts';

export function byteEncode(f: Poly, d: number, out: Uint8Array = new Uint8Array(32 * d), offset = 0): Uint8Array {
  let acc = 0, bits = 0, o = offset;
  const mask = (1 << d) - 1;
  for (let i = 0; i < N; i++) {
    acc |= (f[i]! & mask) << bits;
    bits += d;
    while (bits >= 8) {
      out[o++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  return out;
}

/** Into `f` (every coefficient written). For d = 12 the coefficients are reduced mod q (Algorithm 6, m = q). */
export function byteDecode(b: Uint8Array, d: number, offset = 0, f: Poly = newPoly()): Poly {
  let acc = 0, bits = 0, o = offset;
  const mask = (1 << d) - 1;
  for (let i = 0; i < N; i++) {
    while (bits < d) {
      acc |= b[o++]! << bits;
      bits += 8;
    }
    const v = acc & mask;
    f[i] = d === 12 ? v % Q : v;
    acc >>>= d;
    bits -= d;
  }
  return f;
}

/** round(2^d / q * x) mod 2^d, in place. */
export function compress(f: Poly, d: number): Poly {
  const mask = (1 << d) - 1;
  for (let i = 0; i < N; i++) f[i] = Math.floor((f[i]! * (1 << d) + (Q >> 1)) / Q) & mask;
  return f;
}

/** round(q / 2^d * y), in place. */
export function decompress(f: Poly, d: number): Poly {
  for (let i = 0; i < N; i++) f[i] = (f[i]! * Q + (1 << (d - 1))) >> d;
  return f;
}
