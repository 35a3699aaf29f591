// K-PKE for k = 4, eta1 = eta2 = 2 (so every noise polynomial is SamplePolyCBD_2), du = 11, dv = 5: the CPA scheme under ML-KEM-1024 (FIPS 203 §5).
import { byteDecode, byteEncode, compress, decompress } from './encode.ts';
import { sha3_512 } from './keccak.ts';
import { addInto, multiplyAdd, newPoly, ntt, nttInverse, subInto, type Poly } from './poly.ts';
import { sampleCbd2, sampleNtt } from './sample.ts';

export const K = 4;
const DU = 11;
const DV = 5;
export const EK_LENGTH = 384 * K + 32;
export const DK_PKE_LENGTH = 384 * K;
export const CIPHERTEXT_LENGTH = 32 * (DU * K + DV);

/** Â (transposed on request), sampled from rho. */
function matrix(rho: Uint8Array, transposed: boolean): Poly[][] {
  return Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (transposed ? sampleNtt(rho, i, j) : sampleNtt(rho, j, i))));
}

function encodeVector(v: readonly Poly[], out: Uint8Array, offset = 0): Uint8Array {
  v.forEach((p, i) => byteEncode(p, 12, out, offset + 384 * i));
  return out;
}

/** Algorithm 13. */
export function kPkeKeyGen(d: Uint8Array): { ek: Uint8Array; dk: Uint8Array } {
  const g = sha3_512(d, Uint8Array.of(K));
  const rho = g.subarray(0, 32), sigma = g.subarray(32, 64);
  const a = matrix(rho, false);
  let nonce = 0;
  const s = Array.from({ length: K }, () => ntt(sampleCbd2(sigma, nonce++)));
  const e = Array.from({ length: K }, () => ntt(sampleCbd2(sigma, nonce++)));
  const t = e.map((ei, i) => {
    const acc = newPoly();
    for (let j = 0; j < K; j++) multiplyAdd(acc, a[i]![j]!, s[j]!);
    return addInto(acc, ei);
  });
  const ek = new Uint8Array(EK_LENGTH);
  encodeVector(t, ek);
  ek.set(rho, DK_PKE_LENGTH);
  return { ek, dk: encodeVector(s, new Uint8Array(DK_PKE_LENGTH)) };
}

/** Algorithm 14; `ek` has passed the modulus check. */
export function kPkeEncrypt(ek: Uint8Array, m: Uint8Array, r: Uint8Array): Uint8Array {
  const t = Array.from({ length: K }, (_, i) => byteDecode(ek, 12, 384 * i));
  const aT = matrix(ek.subarray(DK_PKE_LENGTH, EK_LENGTH), true);
  let nonce = 0;
  const y = Array.from({ length: K }, () => ntt(sampleCbd2(r, nonce++)));
  const e1 = Array.from({ length: K }, () => sampleCbd2(r, nonce++));
  const e2 = sampleCbd2(r, nonce);
  const out = new Uint8Array(CIPHERTEXT_LENGTH);
  for (let i = 0; i < K; i++) {
    const u = newPoly();
    for (let j = 0; j < K; j++) multiplyAdd(u, aT[i]![j]!, y[j]!);
    byteEncode(compress(addInto(nttInverse(u), e1[i]!), DU), DU, out, 32 * DU * i);
  }
  const v = newPoly();
  for (let j = 0; j < K; j++) multiplyAdd(v, t[j]!, y[j]!);
  const mu = decompress(byteDecode(m, 1), 1);
  byteEncode(compress(addInto(addInto(nttInverse(v), e2), mu), DV), DV, out, 32 * DU * K);
  return out;
}

/** Algorithm 15. */
export function kPkeDecrypt(dk: Uint8Array, c: Uint8Array): Uint8Array {
  const w = newPoly();
  for (let i = 0; i < K; i++) {
    const u = ntt(decompress(byteDecode(c, DU, 32 * DU * i), DU));
    multiplyAdd(w, byteDecode(dk, 12, 384 * i), u);
  }
  const v = decompress(byteDecode(c, DV, 32 * DU * K), DV);
  return byteEncode(compress(subInto(v, nttInverse(w)), 1), 1);
}
