// Sampling (FIPS 203 §4.2.2): SampleNTT (Algorithm 7) from the XOF, SamplePolyCBD (Algorithm 8) from the PRF.
import { shake128, shake256 } from './keccak.ts';
import { N, Q, newPoly, type Poly } from './poly.ts';

/** Five SHAKE128 blocks: 560 candidates for 256 coefficients at an acceptance rate of q / 4096. */
const FIRST_SQUEEZE = 5 * 168;

/** The NTT-domain polynomial Â[i][j] = SampleNTT(rho || j || i). */
export function sampleNtt(rho: Uint8Array, j: number, i: number): Poly {
  const seed = new Uint8Array(34);
  seed.set(rho);
  seed[32] = j;
  seed[33] = i;
  const a = newPoly();
  let length = FIRST_SQUEEZE;
  let stream = shake128(length, seed);
  let n = 0, o = 0;
  while (n < N) {
    if (o + 3 > stream.length) {
      length *= 2; // the longer output starts with the shorter one: read on where we stopped
      stream = shake128(length, seed);
    }
    const c0 = stream[o]!, c1 = stream[o + 1]!, c2 = stream[o + 2]!;
    o += 3;
    const d1 = c0 | ((c1 & 0x0f) << 8);
    const d2 = (c1 >> 4) | (c2 << 4);
    if (d1 < Q) a[n++] = d1;
    if (d2 < Q && n < N) a[n++] = d2;
  }
  return a;
}

/** SamplePolyCBD_2(PRF_2(s, b)): each nibble of the 128 PRF bytes is one coefficient, (b0 + b1) - (b2 + b3). */
export function sampleCbd2(s: Uint8Array, b: number): Poly {
  const bytes = shake256(128, s, Uint8Array.of(b));
  const f = newPoly();
  for (let i = 0; i < 128; i++) {
    const v = bytes[i]!;
    f[2 * i] = ((v & 1) + ((v >> 1) & 1) - ((v >> 2) & 1) - ((v >> 3) & 1) + Q) % Q;
    f[2 * i + 1] = (((v >> 4) & 1) + ((v >> 5) & 1) - ((v >> 6) & 1) - ((v >> 7) & 1) + Q) % Q;
  }
  return f;
}
