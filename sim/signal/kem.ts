// The KEM of libsignal's PQXDH: key type 0x08, CRYSTALS-Kyber-1024 (round 3, as libsignal 0.90 runs
// it with libcrux's kyber1024), serialized with the type byte before the raw key or ciphertext.
// Kyber round 3 and ML-KEM-1024 (FIPS 203) share key formats and the CPA scheme; Kyber additionally
// hashes the encapsulation coins (m = H(m)) and derives the shared secret as
// KDF(K' || H(c)) = SHAKE-256(K' || SHA3-256(c)). So it is built here from ML-KEM's internals:
// encapsulate with coins H(m), decapsulate, then apply that KDF. (Only for an invalid ciphertext do the
// two implicit rejections differ; the session then fails its MAC either way.) ML-KEM is the project's
// own (mlKem/), on OpenSSL's SHA-3: byte for byte what @noble/post-quantum computes, 3-4x faster.
import { sha3_256, shake256 } from './mlKem/keccak.ts';
import * as mlKem1024 from './mlKem/mlKem1024.ts';

function kyberKdf(kBar: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return shake256(32, kBar, sha3_256(ciphertext));
}

export const KEM_TYPE = 0x08;

/** The type byte, then the raw key or ciphertext. */
function typed(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + raw.length);
  out[0] = KEM_TYPE;
  out.set(raw, 1);
  return out;
}
export const KEM_PUBLIC_LENGTH = 1 + 1568;
export const KEM_CIPHERTEXT_LENGTH = 1 + 1568;

export interface KemKeyPair {
  /** Serialized, with the type byte. */
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  /** Â of the key (public), kept beside it so that each decapsulation's re-encryption need not
   *  sample it again: 16 SHAKE128 streams, each a native object for the collector to release. */
  readonly matrix: mlKem1024.Matrix;
}

/** Deterministic key generation from a 64-byte seed (d || z, FIPS 203 ML-KEM.KeyGen_internal): a valid Kyber key pair too. */
export function kemKeyPair(seed: Uint8Array): KemKeyPair {
  const k = mlKem1024.keygen(seed);
  return { publicKey: typed(k.publicKey), secretKey: k.secretKey, matrix: k.matrix };
}

/** Encapsulate with the 32-byte message m drawn by the caller; `undefined` if the key is not ML-KEM-1024. */
export function kemEncapsulate(publicKey: Uint8Array, m: Uint8Array): { ciphertext: Uint8Array; sharedSecret: Uint8Array } | undefined {
  if (publicKey.length !== KEM_PUBLIC_LENGTH || publicKey[0] !== KEM_TYPE) return undefined;
  try {
    const r = mlKem1024.encapsulate(publicKey.subarray(1), sha3_256(m));
    return { ciphertext: typed(r.cipherText), sharedSecret: kyberKdf(r.sharedSecret, r.cipherText) };
  } catch {
    return undefined;
  }
}

/** `matrix`: the key pair's, when the caller holds it (see `KemKeyPair`). */
export function kemDecapsulate(secretKey: Uint8Array, ciphertext: Uint8Array, matrix?: mlKem1024.Matrix): Uint8Array | undefined {
  if (ciphertext.length !== KEM_CIPHERTEXT_LENGTH || ciphertext[0] !== KEM_TYPE) return undefined;
  const c = ciphertext.subarray(1);
  return kyberKdf(mlKem1024.decapsulate(c, secretKey, matrix), c);
}
