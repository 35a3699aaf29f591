// The deterministic parts of one ciphersuite, built once per engine and shared by its members, with one
// of two crypto providers underneath:
// - 'native' (native/): SHA-2, HMAC, HKDF, AES-GCM, ChaCha20-Poly1305, X25519 and Ed25519 on Node's
//   OpenSSL, synchronous underneath, and our own HPKE (RFC 9180) over them. ML-KEM and ML-DSA stay in
//   JavaScript (noble, synchronous); X-Wing combines that ML-KEM with OpenSSL's X25519 and SHA-3.
// - 'stock': ts-mls's defaultCryptoProvider as shipped (WebCrypto, @hpke/core, noble signatures).
// Both produce the same bytes from the same seeds. Nothing here draws randomness: HPKE encryption takes
// explicit ephemeral keying material (seededHpke.ts supplies it), and whatever would draw from global
// randomness throws an EngineBug.
import { CipherSuite } from '@hpke/core';
import { defaultCryptoProvider, type CiphersuiteImpl, type Hpke, type PublicKey, type Signature } from 'ts-mls';
import { getCiphersuiteFromName } from 'ts-mls/crypto/ciphersuite.js';
import { makeAead } from 'ts-mls/crypto/implementation/default/makeAead.js';
import { makeDhKem } from 'ts-mls/crypto/implementation/default/makeDhKem.js';
import { makeKdf } from 'ts-mls/crypto/implementation/default/makeKdfImpl.js';
import { makeGenericHpke } from 'ts-mls/crypto/implementation/hpke.js';
import type { SuiteParams } from './ciphersuites.ts';
import { EngineBug } from './engineBug.ts';
import { keyPackageCrypto, mlDsa87Sign, type KeyPackageCrypto } from './keyPackageCrypto.ts';
import { x25519Kem, type SyncKem } from './native/kem.ts';
import { p256Kem, p384Kem, p521Kem, x448Kem } from './native/ecKem.ts';
import { nativeEcdsa, nativeEd448 } from './native/nativeSignatures.ts';
import { mlKem, xWing } from './native/pqKem.ts';
import { nativeAead } from './native/nativeAead.ts';
import { nativeEd25519, type PoolableSignature } from './native/nativeEd25519.ts';
import { nativeHash, nativeKdf } from './native/nativeHash.ts';
import { nativeHpke } from './native/nativeHpke.ts';

export type CryptoMode = 'native' | 'stock';
export const CRYPTO_MODES: readonly CryptoMode[] = ['native', 'stock'];

export interface SuiteCrypto {
  readonly params: SuiteParams;
  readonly mode: CryptoMode;
  /** For operations that draw no randomness: `rng`, HPKE seal/export/generateKeyPair throw. */
  readonly impl: CiphersuiteImpl;
  /**
   * `impl` with signature verification on libuv's thread pool where the provider offers it (native
   * Ed25519), else `impl` itself: for work whose result is awaited later (sim/mls/tsMls/unprotect.ts).
   */
  readonly pooledImpl: CiphersuiteImpl;
  /** The suite's HPKE, for key derivation and import; its own seal/export are never called. */
  readonly hpke: Hpke;
  /** HPKE single-shot encryption with explicit ephemeral keying material (RFC 9180 §4.1 DeriveKeyPair(ekm)). */
  readonly seal: (pk: PublicKey, plaintext: Uint8Array, info: Uint8Array, aad: Uint8Array, ekm: Uint8Array) => Promise<{ ct: Uint8Array; enc: Uint8Array }>;
  readonly exportSecret: (pk: PublicKey, context: Uint8Array, length: number, info: Uint8Array, ekm: Uint8Array) => Promise<{ enc: Uint8Array; secret: Uint8Array }>;
  /** Synchronous KeyPackage primitives (keyPackageCrypto.ts): native suites with a fixed-length signature only. */
  readonly keyPackages?: KeyPackageCrypto;
}

export async function loadSuiteCrypto(params: SuiteParams, mode: CryptoMode): Promise<SuiteCrypto> {
  const built = mode === 'native' ? await nativeSuite(params) : await stockSuite(params);
  // Receiving never needs randomness; if ts-mls ever asks for some here, fail loudly rather than
  // fall back to global randomness.
  const unseeded = (): never => {
    throw new EngineBug(`unseeded randomness requested for ${params.name}`);
  };
  const guardedHpke: Hpke = { ...built.hpke, seal: unseeded, exportSecret: unseeded, generateKeyPair: unseeded };
  const impl: CiphersuiteImpl = { ...built.impl, hpke: guardedHpke, rng: { randomBytes: unseeded } };
  const pooled = (built.impl.signature as PoolableSignature).pooled;
  return { ...built, params, mode, impl, pooledImpl: pooled === undefined ? impl : { ...impl, signature: pooled } };
}

type Built = Omit<SuiteCrypto, 'params' | 'mode' | 'pooledImpl'>;

async function nativeSuite(params: SuiteParams): Promise<Built> {
  const cs = getCiphersuiteFromName(params.name);
  const kem = nativeKem(cs.hpke.kem);
  const h = nativeHpke(cs.hpke, kem, nativeAead(cs.hpke.aead));
  const signature = await nativeSignature(params.signature);
  const keyPackages = await keyPackageCrypto(params, kem);
  return {
    ...(keyPackages !== undefined && { keyPackages }),
    hpke: h.hpke,
    seal: h.seal,
    exportSecret: h.exportSecret,
    impl: { name: params.name, hash: nativeHash(cs.hash), kdf: nativeKdf(cs.hash), signature, hpke: h.hpke, rng: { randomBytes: () => new Uint8Array(0) } },
  };
}

async function nativeSignature(alg: SuiteParams['signature']): Promise<Signature> {
  switch (alg) {
    case 'Ed25519':
      return nativeEd25519();
    case 'ML-DSA-87':
      return deterministicMlDsa87();
    case 'Ed448':
      return nativeEd448();
    case 'P256':
    case 'P384':
    case 'P521':
      return nativeEcdsa(alg);
    default:
      throw new RangeError(`crypto: no native signature for ${String(alg)}`);
  }
}

function nativeKem(kem: string): SyncKem {
  switch (kem) {
    case 'DHKEM-X25519-HKDF-SHA256':
      return x25519Kem();
    case 'DHKEM-P256-HKDF-SHA256':
      return p256Kem();
    case 'DHKEM-P384-HKDF-SHA384':
      return p384Kem();
    case 'DHKEM-P521-HKDF-SHA512':
      return p521Kem();
    case 'DHKEM-X448-HKDF-SHA512':
      return x448Kem();
    case 'X-Wing':
      return xWing();
    case 'ML-KEM-512':
      return mlKem(512);
    case 'ML-KEM-768':
      return mlKem(768);
    case 'ML-KEM-1024':
      return mlKem(1024);
    default:
      throw new RangeError(`crypto: no native KEM for ${kem}`);
  }
}

async function stockSuite(params: SuiteParams): Promise<Built> {
  const cs = getCiphersuiteFromName(params.name);
  const base = await defaultCryptoProvider.getCiphersuiteImpl(cs);
  // The same pieces ts-mls's makeHpke assembles, kept at hand so encryption can take `ekm`.
  const [aead, aeadInterface] = await makeAead(cs.hpke.aead);
  const suite = new CipherSuite({ kem: await makeDhKem(cs.hpke.kem), kdf: makeKdf(cs.hpke.kdf), aead: aeadInterface });
  const hpke = await makeGenericHpke(cs.hpke, aead, suite);
  const ab = (u: Uint8Array) => u.slice().buffer;
  const signature: Signature =
    params.signature === 'ML-DSA-87'
      ? await deterministicMlDsa87()
      : { ...base.signature, keygen: () => Promise.reject(new EngineBug('unseeded signature key generation')) };
  return {
    hpke,
    async seal(pk, plaintext, info, aad, ekm) {
      const res = await suite.seal({ recipientPublicKey: pk, info: ab(info), ekm: ab(ekm) }, ab(plaintext), ab(aad));
      return { ct: new Uint8Array(res.ct), enc: new Uint8Array(res.enc) };
    },
    async exportSecret(pk, context, length, info, ekm) {
      const ctx = await suite.createSenderContext({ recipientPublicKey: pk, info: ab(info), ekm: ab(ekm) });
      return { enc: new Uint8Array(ctx.enc), secret: new Uint8Array(await ctx.export(ab(context), length)) };
    },
    impl: { ...base, signature, hpke },
  };
}

// ML-DSA-87 signing is deterministic (keyPackageCrypto.ts mlDsa87Sign).
async function deterministicMlDsa87(): Promise<Signature> {
  const { ml_dsa87 } = await import('@noble/post-quantum/ml-dsa.js');
  const sign = await mlDsa87Sign();
  return {
    async sign(signKey, message) {
      return sign(signKey, message);
    },
    async verify(publicKey, message, signature) {
      return ml_dsa87.verify(signature, message, publicKey);
    },
    async keygen() {
      throw new EngineBug('unseeded ML-DSA key generation');
    },
  };
}
