// Signature key pairs from the operation's seed. ts-mls's own keygen draws from global randomness.
import type { SuiteParams } from './ciphersuites.ts';
import type { OpRandom } from './opRandom.ts';

export interface SignatureKeyPair {
  readonly signKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export async function signatureKeyPair(params: SuiteParams, r: OpRandom): Promise<SignatureKeyPair> {
  switch (params.signature) {
    case 'Ed25519': {
      // RFC 8032 §5.1.5: the private key is 32 uniformly random bytes.
      const { ed25519 } = await import('@noble/curves/ed25519.js');
      const signKey = r.next(32);
      return { signKey, publicKey: ed25519.getPublicKey(signKey) };
    }
    case 'ML-DSA-87': {
      // FIPS 204 Algorithm 6: key generation from a 32-byte seed.
      const { ml_dsa87 } = await import('@noble/post-quantum/ml-dsa.js');
      const keys = ml_dsa87.keygen(r.next(32));
      return { signKey: keys.secretKey, publicKey: keys.publicKey };
    }
    default:
      throw new RangeError(`ciphersuite: no seeded key generation for signature scheme ${params.signature}`);
  }
}
