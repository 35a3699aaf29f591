// K-PKE, the CPA scheme under ML-KEM-1024 (FIPS 203 §5). Each entry of the matrix Â is sampled
// where it is used and folded into its row's sum at once, and the polynomials live in the module's
// scratch (scratch.ts): an operation allocates only the bytes it returns and its hash outputs.
// Key generation can also hand Â out (`Matrix`, public: it is a function of rho), and encryption
// under that key can take it instead of sampling it again (decapsulation's re-encryption).
import { byteDecode, byteEncode, compress, decompress } from './encode.ts';
import { sha3_512 } from './keccak.ts';
import { CIPHERTEXT_LENGTH, DK_PKE_LENGTH, DU, DV, EK_LENGTH, K } from './params.ts';
import { addInto, multiplyAdd, N, ntt, nttInverse, subInto, type Poly } from './poly.ts';
import { sampleCbd2, sampleNtt } from './sample.ts';
import { acc, noise, tmp, tmp2, wipe } from './scratch.ts';

const K_BYTE = Uint8Array.of(K);

/** Â in the NTT domain, entry Â[i][j] at (K i + j) N: what SampleNTT(rho || j || i) gives. */
export type Matrix = Uint16Array;
export const MATRIX_LENGTH = K * K * N;

function loadEntry(f: Poly, matrix: Matrix, i: number, j: number): Poly {
  const at = (K * i + j) * N;
  for (let c = 0; c < N; c++) f[c] = matrix[at + c]!;
  return f;
}

/** Algorithm 13, writing ek (EK_LENGTH bytes) and dk (DK_PKE_LENGTH bytes) into the views given, and Â into `matrix`. */
export function kPkeKeyGen(d: Uint8Array, ek: Uint8Array, dk: Uint8Array, matrix: Matrix): void {
  try {
    const g = sha3_512(d, K_BYTE);
    const rho = g.subarray(0, 32), sigma = g.subarray(32, 64);
    const s = noise;
    for (let j = 0; j < K; j++) ntt(sampleCbd2(s[j]!, sigma, j));
    for (let i = 0; i < K; i++) {
      acc.fill(0);
      for (let j = 0; j < K; j++) {
        matrix.set(sampleNtt(tmp, rho, j, i), (K * i + j) * N);
        multiplyAdd(acc, tmp, s[j]!);
      }
      addInto(acc, ntt(sampleCbd2(tmp, sigma, K + i))); // t̂[i] = Σ Â[i][j] ŝ[j] + ê[i]
      byteEncode(acc, 12, ek, 384 * i);
    }
    ek.set(rho, DK_PKE_LENGTH);
    for (let j = 0; j < K; j++) byteEncode(s[j]!, 12, dk, 384 * j);
  } finally {
    wipe();
  }
}

/** Algorithm 14 into `out` (CIPHERTEXT_LENGTH bytes); `ek` has passed the modulus check; `matrix`, if
 *  given, is Â of this `ek` as its key generation gave it. */
export function kPkeEncrypt(ek: Uint8Array, m: Uint8Array, r: Uint8Array, out: Uint8Array = new Uint8Array(CIPHERTEXT_LENGTH), matrix?: Matrix): Uint8Array {
  try {
    const rho = ek.subarray(DK_PKE_LENGTH, EK_LENGTH);
    const y = noise;
    for (let j = 0; j < K; j++) ntt(sampleCbd2(y[j]!, r, j));
    for (let i = 0; i < K; i++) {
      acc.fill(0);
      for (let j = 0; j < K; j++) multiplyAdd(acc, matrix ? loadEntry(tmp, matrix, j, i) : sampleNtt(tmp, rho, i, j), y[j]!); // Âᵀ[i][j] = Â[j][i]
      addInto(nttInverse(acc), sampleCbd2(tmp, r, K + i)); // u[i] = NTT⁻¹(Σ Âᵀ[i][j] ŷ[j]) + e1[i]
      byteEncode(compress(acc, DU), DU, out, 32 * DU * i);
    }
    acc.fill(0);
    for (let j = 0; j < K; j++) multiplyAdd(acc, byteDecode(ek, 12, 384 * j, tmp), y[j]!);
    addInto(nttInverse(acc), sampleCbd2(tmp, r, 2 * K)); // v = NTT⁻¹(t̂ᵀ ŷ) + e2 + mu
    addInto(acc, decompress(byteDecode(m, 1, 0, tmp), 1));
    byteEncode(compress(acc, DV), DV, out, 32 * DU * K);
    return out;
  } finally {
    wipe();
  }
}

/** Algorithm 15: the 32-byte message. */
export function kPkeDecrypt(dk: Uint8Array, c: Uint8Array): Uint8Array {
  try {
    acc.fill(0);
    for (let i = 0; i < K; i++) {
      const u = ntt(decompress(byteDecode(c, DU, 32 * DU * i, tmp), DU));
      multiplyAdd(acc, byteDecode(dk, 12, 384 * i, tmp2), u);
    }
    const v = decompress(byteDecode(c, DV, 32 * DU * K, tmp), DV);
    return byteEncode(compress(subInto(v, nttInverse(acc)), 1), 1); // w = v - NTT⁻¹(ŝᵀ û)
  } finally {
    wipe();
  }
}
