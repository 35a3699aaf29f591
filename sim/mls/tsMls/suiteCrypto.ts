// The deterministic parts of one ciphersuite, built once per engine and shared by its members: hash
// and AEAD from ts-mls's noble provider (synchronous code beats WebCrypto's per-call promise and key
// import on MLS's many small inputs), HKDF from noble (nobleKdf.ts), native Ed25519
// (nativeEd25519.ts), and an @hpke/core suite we can hand explicit ephemeral keying material
// (seededHpke.ts), with a native X25519 KEM and noble HKDF inside it. Nothing here draws randomness.
import { CipherSuite } from '@hpke/core';
import { nobleCryptoProvider, type CiphersuiteImpl, type Hpke, type Signature } from 'ts-mls';
import { getCiphersuiteFromName } from 'ts-mls/crypto/ciphersuite.js';
import { makeAead } from 'ts-mls/crypto/implementation/noble/makeAead.js';
import { makeDhKem } from 'ts-mls/crypto/implementation/default/makeDhKem.js';
import { makeKdf } from 'ts-mls/crypto/implementation/default/makeKdfImpl.js';
import { makeGenericHpke } from 'ts-mls/crypto/implementation/hpke.js';
import type { SuiteParams } from './ciphersuites.ts';
import { EngineBug } from './engineBug.ts';
import { nativeEd25519 } from './nativeEd25519.ts';
import { nativeX25519Kem } from './nativeX25519Kem.ts';
import { nobleHpkeKdf } from './nobleHpkeKdf.ts';
import { nobleKdf } from './nobleKdf.ts';

export interface SuiteCrypto {
  readonly params: SuiteParams;
  /** For operations that draw no randomness: `rng`, HPKE seal/export/generateKeyPair throw. */
  readonly impl: CiphersuiteImpl;
  readonly hpke: Hpke;
  readonly hpkeSuite: CipherSuite;
}

export async function loadSuiteCrypto(params: SuiteParams): Promise<SuiteCrypto> {
  const cs = getCiphersuiteFromName(params.name);
  const base = await nobleCryptoProvider.getCiphersuiteImpl(cs);
  const [aead, aeadInterface] = await makeAead(cs.hpke.aead);
  const kem = cs.hpke.kem === 'DHKEM-X25519-HKDF-SHA256' ? nativeX25519Kem() : await makeDhKem(cs.hpke.kem);
  const hpkeSuite = new CipherSuite({ kem, kdf: nobleHpkeKdf(makeKdf(cs.hpke.kdf)), aead: aeadInterface });
  const hpke = await makeGenericHpke(cs.hpke, aead, hpkeSuite);
  const signature = params.signature === 'ML-DSA-87' ? await deterministicMlDsa87() : nativeEd25519();
  // Receiving never needs randomness; if ts-mls ever asks for some here, fail loudly rather than
  // fall back to global randomness.
  const unseeded = (): never => {
    throw new EngineBug(`unseeded randomness requested for ${params.name}`);
  };
  const guardedHpke: Hpke = { ...hpke, seal: unseeded, exportSecret: unseeded, generateKeyPair: unseeded };
  return {
    params,
    hpke,
    hpkeSuite,
    impl: { ...base, kdf: nobleKdf(cs.hash), hpke: guardedHpke, signature, rng: { randomBytes: unseeded } },
  };
}

// ts-mls signs ML-DSA in hedged mode with global randomness; FIPS 204 §3.4 also allows the
// deterministic variant, which keeps signatures reproducible and is equally valid to verifiers.
async function deterministicMlDsa87(): Promise<Signature> {
  const { ml_dsa87 } = await import('@noble/post-quantum/ml-dsa.js');
  return {
    async sign(signKey, message) {
      return ml_dsa87.sign(message, signKey, { extraEntropy: false });
    },
    async verify(publicKey, message, signature) {
      return ml_dsa87.verify(signature, message, publicKey);
    },
    async keygen() {
      throw new EngineBug('unseeded ML-DSA key generation');
    },
  };
}
