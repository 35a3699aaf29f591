// The working memory of one K-PKE operation, allocated once: the noise vector (s in key generation,
// y in encryption), an accumulator and two temporaries, and the inputs of the XOF and the PRF. An
// operation runs synchronously to its end (nothing it calls can re-enter ML-KEM), writes every
// polynomial in full or zeroes it before reading it, and wipes all of this before it returns or
// throws, so no operation sees anything of another and no secret stays here after its call.
import { K } from './params.ts';
import { N, type Poly } from './poly.ts';

const polys = new Int32Array((K + 3) * N);
const poly = (i: number): Poly => polys.subarray(i * N, (i + 1) * N);

/** s (key generation) or y (encryption), in the NTT domain. */
export const noise: readonly Poly[] = Array.from({ length: K }, (_, i) => poly(i));
export const acc = poly(K);
export const tmp = poly(K + 1);
export const tmp2 = poly(K + 2);
/** rho || j || i for SampleNTT. */
export const xofInput = new Uint8Array(34);
/** sigma or r, then the nonce, for SamplePolyCBD. */
export const prfInput = new Uint8Array(33);

export function wipe(): void {
  polys.fill(0);
  xofInput.fill(0);
  prfInput.fill(0);
}
