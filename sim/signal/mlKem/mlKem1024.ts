// ML-KEM-1024 (FIPS 203 §6 and §7, with the §7.2 and §7.3 input checks) on node:crypto's SHA-3:
// the same bytes as any conforming implementation, with its Keccak calls native rather than in
// JavaScript (they are most of the cost of a Kyber operation).
import { bytesEqual } from '../bytes.ts';
import { sha3_256, sha3_512, shake256 } from './keccak.ts';
import { kPkeDecrypt, kPkeEncrypt, kPkeKeyGen, MATRIX_LENGTH, type Matrix } from './kPke.ts';
import { CIPHERTEXT_LENGTH, DK_PKE_LENGTH, EK_LENGTH, K } from './params.ts';
import { Q } from './poly.ts';

export const PUBLIC_KEY_LENGTH = EK_LENGTH;
export const SECRET_KEY_LENGTH = DK_PKE_LENGTH + EK_LENGTH + 64;
export { CIPHERTEXT_LENGTH, type Matrix };

/** The re-encryption of decapsulation, compared with the ciphertext and wiped. */
const reEncrypted = new Uint8Array(CIPHERTEXT_LENGTH);

/** ML-KEM.KeyGen_internal(d, z) from the 64-byte seed d || z (Algorithm 16); also Â of the key
 *  (public, 8 KiB), which `decapsulate` can take to skip sampling it again (libcrux's "unpacked" keys
 *  keep it the same way). */
export function keygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array; matrix: Matrix } {
  if (seed.length !== 64) throw new RangeError(`ML-KEM-1024 keygen: seed must be 64 bytes, got ${seed.length}`);
  const secretKey = new Uint8Array(SECRET_KEY_LENGTH); // dk_PKE || ek || H(ek) || z
  const ek = secretKey.subarray(DK_PKE_LENGTH, DK_PKE_LENGTH + EK_LENGTH);
  const matrix = new Uint16Array(MATRIX_LENGTH);
  kPkeKeyGen(seed.subarray(0, 32), ek, secretKey.subarray(0, DK_PKE_LENGTH), matrix);
  secretKey.set(sha3_256(ek), DK_PKE_LENGTH + EK_LENGTH);
  secretKey.set(seed.subarray(32, 64), DK_PKE_LENGTH + EK_LENGTH + 32);
  return { publicKey: ek.slice(), secretKey, matrix };
}

/** ek passes §7.2's modulus check, ek = ByteEncode_12(ByteDecode_12(ek)): every 12-bit coefficient
 *  as encoded is already below q (decoding reduces mod q, so only those survive the round trip). */
function modulusOk(ek: Uint8Array): boolean {
  for (let o = 0; o < 384 * K; o += 3) {
    const c0 = ek[o]!, c1 = ek[o + 1]!, c2 = ek[o + 2]!;
    if ((c0 | ((c1 & 0x0f) << 8)) >= Q || ((c1 >> 4) | (c2 << 4)) >= Q) return false;
  }
  return true;
}

/** ML-KEM.Encaps_internal(ek, m) (Algorithm 17); throws RangeError for a key failing §7.2's checks. */
export function encapsulate(publicKey: Uint8Array, m: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  if (publicKey.length !== EK_LENGTH) throw new RangeError(`ML-KEM-1024 encapsulate: public key must be ${EK_LENGTH} bytes, got ${publicKey.length}`);
  if (m.length !== 32) throw new RangeError(`ML-KEM-1024 encapsulate: message must be 32 bytes, got ${m.length}`);
  if (!modulusOk(publicKey)) throw new RangeError('ML-KEM-1024 encapsulate: public key fails the modulus check');
  const kr = sha3_512(m, sha3_256(publicKey));
  return { cipherText: kPkeEncrypt(publicKey, m, kr.subarray(32, 64)), sharedSecret: kr.slice(0, 32) };
}

/** ML-KEM.Decaps_internal(dk, c) (Algorithm 18) with implicit rejection; throws RangeError for §7.3's
 *  failed checks. `matrix`: Â as `keygen` gave it for this secret key, if kept. */
export function decapsulate(cipherText: Uint8Array, secretKey: Uint8Array, matrix?: Matrix): Uint8Array {
  if (secretKey.length !== SECRET_KEY_LENGTH) throw new RangeError(`ML-KEM-1024 decapsulate: secret key must be ${SECRET_KEY_LENGTH} bytes, got ${secretKey.length}`);
  if (cipherText.length !== CIPHERTEXT_LENGTH) throw new RangeError(`ML-KEM-1024 decapsulate: ciphertext must be ${CIPHERTEXT_LENGTH} bytes, got ${cipherText.length}`);
  if (matrix !== undefined && matrix.length !== MATRIX_LENGTH) throw new RangeError(`ML-KEM-1024 decapsulate: matrix must have ${MATRIX_LENGTH} entries, got ${matrix.length}`);
  const dk = secretKey.subarray(0, DK_PKE_LENGTH);
  const ek = secretKey.subarray(DK_PKE_LENGTH, DK_PKE_LENGTH + EK_LENGTH);
  const h = secretKey.subarray(DK_PKE_LENGTH + EK_LENGTH, DK_PKE_LENGTH + EK_LENGTH + 32);
  const z = secretKey.subarray(DK_PKE_LENGTH + EK_LENGTH + 32);
  if (!bytesEqual(sha3_256(ek), h)) throw new RangeError('ML-KEM-1024 decapsulate: secret key fails the hash check');
  const m = kPkeDecrypt(dk, cipherText);
  const kr = sha3_512(m, h);
  try {
    const same = bytesEqual(kPkeEncrypt(ek, m, kr.subarray(32, 64), reEncrypted, matrix), cipherText);
    return same ? kr.slice(0, 32) : shake256(32, z, cipherText);
  } finally {
    reEncrypted.fill(0);
  }
}
