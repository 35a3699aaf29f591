// ML-KEM-1024 (FIPS 203 §6 and §7, with the §7.2 and §7.3 input checks) on node:crypto's SHA-3:
// the same bytes as any conforming implementation, with its Keccak calls native rather than in
// JavaScript (they are most of the cost of a Kyber operation).
import { bytesEqual } from '../bytes.ts';
import { byteDecode, byteEncode } from './encode.ts';
import { sha3_256, sha3_512, shake256 } from './keccak.ts';
import { CIPHERTEXT_LENGTH, DK_PKE_LENGTH, EK_LENGTH, K, kPkeDecrypt, kPkeEncrypt, kPkeKeyGen } from './kPke.ts';

export const PUBLIC_KEY_LENGTH = EK_LENGTH;
export const SECRET_KEY_LENGTH = DK_PKE_LENGTH + EK_LENGTH + 64;
export { CIPHERTEXT_LENGTH };

/** ML-KEM.KeyGen_internal(d, z) from the 64-byte seed d || z (Algorithm 16). */
export function keygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed.length !== 64) throw new RangeError(`ML-KEM-1024 keygen: seed must be 64 bytes, got ${seed.length}`);
  const { ek, dk } = kPkeKeyGen(seed.subarray(0, 32));
  const secretKey = new Uint8Array(SECRET_KEY_LENGTH);
  secretKey.set(dk);
  secretKey.set(ek, DK_PKE_LENGTH);
  secretKey.set(sha3_256(ek), DK_PKE_LENGTH + EK_LENGTH);
  secretKey.set(seed.subarray(32, 64), DK_PKE_LENGTH + EK_LENGTH + 32);
  return { publicKey: ek, secretKey };
}

/** ek passes §7.2's modulus check: every 12-bit coefficient is below q. */
function modulusOk(ek: Uint8Array): boolean {
  const probe = new Uint8Array(384);
  for (let i = 0; i < K; i++) {
    byteEncode(byteDecode(ek, 12, 384 * i), 12, probe);
    if (!bytesEqual(probe, ek.subarray(384 * i, 384 * (i + 1)))) return false;
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

/** ML-KEM.Decaps_internal(dk, c) (Algorithm 18) with implicit rejection; throws RangeError for §7.3's failed checks. */
export function decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== SECRET_KEY_LENGTH) throw new RangeError(`ML-KEM-1024 decapsulate: secret key must be ${SECRET_KEY_LENGTH} bytes, got ${secretKey.length}`);
  if (cipherText.length !== CIPHERTEXT_LENGTH) throw new RangeError(`ML-KEM-1024 decapsulate: ciphertext must be ${CIPHERTEXT_LENGTH} bytes, got ${cipherText.length}`);
  const dk = secretKey.subarray(0, DK_PKE_LENGTH);
  const ek = secretKey.subarray(DK_PKE_LENGTH, DK_PKE_LENGTH + EK_LENGTH);
  const h = secretKey.subarray(DK_PKE_LENGTH + EK_LENGTH, DK_PKE_LENGTH + EK_LENGTH + 32);
  const z = secretKey.subarray(DK_PKE_LENGTH + EK_LENGTH + 32);
  if (!bytesEqual(sha3_256(ek), h)) throw new RangeError('ML-KEM-1024 decapsulate: secret key fails the hash check');
  const m = kPkeDecrypt(dk, cipherText);
  const kr = sha3_512(m, h);
  const again = kPkeEncrypt(ek, m, kr.subarray(32, 64));
  return bytesEqual(again, cipherText) ? kr.slice(0, 32) : shake256(32, z, cipherText);
}
