// Signature key pairs from the operation's seed. ts-mls's own keygen draws from global randomness.
import type { SuiteParams } from './ciphersuites.ts';
import type { OpRandom } from './opRandom.ts';
import { ed25519PublicKey } from './native/ed25519Keys.ts';

export interface SignatureKeyPair {
  readonly signKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export async function signatureKeyPair(params: SuiteParams, r: OpRandom): Promise<SignatureKeyPair> {
  switch (params.signature) {
    case 'Ed25519': {
      // RFC 8032 §5.1.5: the private key is 32 uniformly random bytes.
      // OpenSSL derives the same public key as any RFC 8032 implementation, and keeps the imported key
      // for this member's signatures.
      const signKey = r.next(32);
      return { signKey, publicKey: ed25519PublicKey(signKey) };
    }
    case 'ML-DSA-87': {
      // FIPS 204 Algorithm 6: key generation from a 32-byte seed.
      const { ml_dsa87 } = await import('@noble/post-quantum/ml-dsa.js');
      const keys = ml_dsa87.keygen(r.next(32));
      return { signKey: keys.secretKey, publicKey: keys.publicKey };
    }
    case 'Ed448': {
      // RFC 8032 §5.2.5: 57 uniformly random bytes.
      const { ed448 } = await import('@noble/curves/ed448.js');
      const signKey = r.next(57);
      return { signKey, publicKey: ed448.getPublicKey(signKey) };
    }
    case 'P256':
    case 'P384':
    case 'P521': {
      // FIPS 186-5 A.2.1: a scalar from (field size + 64 bits) of random bytes reduced mod n-1, plus 1
      // (noble's randomSecretKey from a seed); the public key as an uncompressed point (RFC 9420 §5.1.1).
      const { p256, p384, p521 } = await import('@noble/curves/nist.js');
      const curve = { P256: p256, P384: p384, P521: p521 }[params.signature];
      const signKey = curve.utils.randomSecretKey(r.next(curve.lengths.seed ?? 48));
      return { signKey, publicKey: curve.getPublicKey(signKey, false) };
    }
    default:
      throw new RangeError(`ciphersuite: no seeded key generation for signature scheme ${params.signature}`);
  }
}
