// The synchronous primitives a KeyPackage is built with from a seed drawn earlier (mintKeyPackage.ts):
// the suite KEM's DeriveKeyPair (RFC 9180 §7.1.3) and a signature scheme whose signatures have one
// length, so the KeyPackage's length is known before its keys exist. Only the native provider offers
// them synchronously. ECDSA's DER signatures vary in length (RFC 9420 §5.1.2: an ASN.1 SEQUENCE of two
// INTEGERs), so its suites have none and their KeyPackages are made at once.
import type { SuiteParams } from './ciphersuites.ts';
import { EngineBug } from './engineBug.ts';
import { ed25519Sign } from './native/nativeEd25519.ts';
import type { SyncKem } from './native/kem.ts';
import { ed448Sign } from './native/nativeSignatures.ts';

export interface KeyPackageCrypto {
  readonly ikmLength: number;
  readonly publicKeyLength: number;
  readonly signatureLength: number;
  /** The key pair and its private key as the suite's HPKE serializes it (what `exportPrivateKey` gives). */
  deriveKeyPair(ikm: Uint8Array): { readonly sk: Uint8Array; readonly pk: Uint8Array };
  sign(signKey: Uint8Array, message: Uint8Array): Uint8Array;
}

export interface FixedLengthSigner {
  readonly length: number;
  sign(signKey: Uint8Array, message: Uint8Array): Uint8Array;
}

export async function keyPackageCrypto(params: SuiteParams, kem: SyncKem): Promise<KeyPackageCrypto | undefined> {
  const signer = await fixedLengthSigner(params.signature);
  if (signer === undefined) return undefined;
  return {
    ikmLength: params.ikmLength,
    publicKeyLength: kem.publicKeySize,
    signatureLength: signer.length,
    deriveKeyPair(ikm) {
      const kp = kem.deriveKeyPair(ikm);
      if (kp instanceof Promise) throw new EngineBug(`${kem.name}: DeriveKeyPair is not synchronous`);
      return { sk: kem.normalizePrivate?.(kp.sk) ?? kp.sk, pk: kp.pk };
    },
    sign: signer.sign,
  };
}

/** Whether every signature of the scheme has one length: Ed25519, Ed448 (RFC 8032), ML-DSA-87 (FIPS 204); not ECDSA's DER. */
export function hasFixedLengthSignatures(alg: SuiteParams['signature']): boolean {
  return alg === 'Ed25519' || alg === 'Ed448' || alg === 'ML-DSA-87';
}

/** Signing with one output length: Ed25519 and Ed448 (RFC 8032), ML-DSA-87 (FIPS 204, deterministic); undefined for ECDSA. */
export async function fixedLengthSigner(alg: SuiteParams['signature']): Promise<FixedLengthSigner | undefined> {
  switch (alg) {
    case 'Ed25519':
      return { length: 64, sign: ed25519Sign };
    case 'Ed448':
      return { length: 114, sign: ed448Sign() };
    case 'ML-DSA-87':
      return { length: 4627, sign: await mlDsa87Sign() };
    case 'P256':
    case 'P384':
    case 'P521':
      return undefined;
    default:
      throw new RangeError(`ciphersuite: no signer for signature scheme ${String(alg)}`);
  }
}

// ts-mls signs ML-DSA in hedged mode with global randomness; FIPS 204 §3.4 also allows the
// deterministic variant, which keeps signatures reproducible and is equally valid to verifiers.
export async function mlDsa87Sign(): Promise<(signKey: Uint8Array, message: Uint8Array) => Uint8Array> {
  const { ml_dsa87 } = await import('@noble/post-quantum/ml-dsa.js');
  return (signKey, message) => ml_dsa87.sign(message, signKey, { extraEntropy: false });
}
