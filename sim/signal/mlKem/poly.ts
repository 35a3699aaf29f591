// Polynomials of R_q = Z_q[X]/(X^256 + 1), q = 3329, and their NTT (FIPS 203 §4.3). Coefficients are
// kept in [0, q) in Int32Arrays; every product is below 2^24, exact in a double.
export const Q = 3329;
export const N = 256;
export type Poly = Int32Array;

const mod = (x: number): number => {
  const r = x % Q;
  return r < 0 ? r + Q : r;
};

function bitRev7(i: number): number {
  let r = 0;
  for (let b = 0; b < 7; b++) r |= ((i >> b) & 1) << (6 - b);
  return r;
}

function power(base: number, e: number): number {
  let r = 1;
  for (let i = 0; i < e; i++) r = (r * base) % Q;
  return r;
}

/** zeta^BitRev7(i) for i < 128 (the NTT's twiddles), zeta = 17. */
const ZETAS = Int32Array.from({ length: 128 }, (_, i) => power(17, bitRev7(i)));
/** zeta^(2 BitRev7(i) + 1) for i < 128 (the base-case multiplications' moduli). */
const GAMMAS = Int32Array.from({ length: 128 }, (_, i) => power(17, 2 * bitRev7(i) + 1));
/** 128^-1 mod q. */
const N_INV = 3303;

export const newPoly = (): Poly => new Int32Array(N);

/** Algorithm 9, in place. */
export function ntt(f: Poly): Poly {
  let k = 1;
  for (let len = 128; len >= 2; len >>= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[k++]!;
      for (let j = start; j < start + len; j++) {
        const t = (zeta * f[j + len]!) % Q;
        f[j + len] = mod(f[j]! - t);
        f[j] = (f[j]! + t) % Q;
      }
    }
  }
  return f;
}

/** Algorithm 10, in place. */
export function nttInverse(f: Poly): Poly {
  let k = 127;
  for (let len = 2; len <= 128; len <<= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[k--]!;
      for (let j = start; j < start + len; j++) {
        const t = f[j]!;
        f[j] = (t + f[j + len]!) % Q;
        f[j + len] = (zeta * mod(f[j + len]! - t)) % Q;
      }
    }
  }
  for (let j = 0; j < N; j++) f[j] = (f[j]! * N_INV) % Q;
  return f;
}

/** acc += f * g in the NTT domain (Algorithms 11 and 12). */
export function multiplyAdd(acc: Poly, f: Poly, g: Poly): void {
  for (let i = 0; i < 128; i++) {
    const a0 = f[2 * i]!, a1 = f[2 * i + 1]!, b0 = g[2 * i]!, b1 = g[2 * i + 1]!;
    acc[2 * i] = (acc[2 * i]! + a0 * b0 + ((a1 * b1) % Q) * GAMMAS[i]!) % Q;
    acc[2 * i + 1] = (acc[2 * i + 1]! + a0 * b1 + a1 * b0) % Q;
  }
}

/** a += b, in place. */
export function addInto(a: Poly, b: Poly): Poly {
  for (let j = 0; j < N; j++) a[j] = (a[j]! + b[j]!) % Q;
  return a;
}

/** a -= b, in place. */
export function subInto(a: Poly, b: Poly): Poly {
  for (let j = 0; j < N; j++) a[j] = mod(a[j]! - b[j]!);
  return a;
}
