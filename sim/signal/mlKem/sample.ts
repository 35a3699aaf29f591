// Sampling (FIPS 203 §4.2.2): SampleNTT (Algorithm 7) from the XOF, SamplePolyCBD (Algorithm 8) from
// the PRF, each into a polynomial the caller owns.
import { shake128, shake256 } from './keccak.ts';
import { N, Q, type Poly } from './poly.ts';
import { prfInput, xofInput } from './scratch.ts';

/** Three SHAKE128 blocks: 336 candidates for 256 coefficients at an acceptance rate of q / 4096, so
 *  about 0.7% of the entries read on (squeezing twice as much: the longer output starts with the
 *  shorter one). Five blocks never ran short but cost two more Keccak permutations per entry. */
const FIRST_SQUEEZE = 3 * 168;

/** The NTT-domain polynomial Â[i][j] = SampleNTT(rho || j || i), written into `a`. */
export function sampleNtt(a: Poly, rho: Uint8Array, j: number, i: number): Poly {
  xofInput.set(rho);
  xofInput[32] = j;
  xofInput[33] = i;
  let length = FIRST_SQUEEZE;
  let stream = shake128(length, xofInput);
  let n = 0, o = 0;
  while (n < N) {
    if (o + 3 > length) {
      length *= 2; // read on where we stopped
      stream = shake128(length, xofInput);
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

/** SamplePolyCBD_2(PRF_2(s, b)) into `f`: each nibble of the 128 PRF bytes is one coefficient, (b0 + b1) - (b2 + b3). */
export function sampleCbd2(f: Poly, s: Uint8Array, b: number): Poly {
  prfInput.set(s);
  prfInput[32] = b;
  const bytes = shake256(128, prfInput);
  for (let i = 0; i < 128; i++) {
    const v = bytes[i]!;
    f[2 * i] = ((v & 1) + ((v >> 1) & 1) - ((v >> 2) & 1) - ((v >> 3) & 1) + Q) % Q;
    f[2 * i + 1] = (((v >> 4) & 1) + ((v >> 5) & 1) - ((v >> 6) & 1) - ((v >> 7) & 1) + Q) % Q;
  }
  return f;
}
