// The ciphersuites the ts-mls engine runs deterministically (RFC 9420 §17.1 registry, plus the X-Wing
// code points of draft-ietf-mls-pq-ciphersuites that ts-mls implements). A suite is listed only once
// every random draw it makes is routed through the member's byte source.
import type { CiphersuiteInfo } from '../engine.ts';
import type { CiphersuiteName } from 'ts-mls';

export interface SuiteParams extends CiphersuiteInfo {
  readonly name: CiphersuiteName;
  /** Bytes of ephemeral keying material `encap` takes (the `ekm` of @hpke/core). */
  readonly ekmLength: number;
  /** Bytes of IKM fed to DeriveKeyPair when a fresh HPKE key pair is needed (RFC 9180 §7.1.3). */
  readonly ikmLength: number;
}

const suites: readonly SuiteParams[] = [
  {
    id: 1,
    name: 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
    postQuantum: false,
    kem: 'DHKEM-X25519-HKDF-SHA256',
    aead: 'AES128GCM',
    hash: 'SHA-256',
    signature: 'Ed25519',
    ekmLength: 32,
    ikmLength: 32,
  },
  {
    id: 3,
    name: 'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
    postQuantum: false,
    kem: 'DHKEM-X25519-HKDF-SHA256',
    aead: 'CHACHA20POLY1305',
    hash: 'SHA-256',
    signature: 'Ed25519',
    ekmLength: 32,
    ikmLength: 32,
  },
  {
    id: 83,
    name: 'MLS_256_XWING_AES256GCM_SHA512_Ed25519',
    postQuantum: true,
    kem: 'X-Wing',
    aead: 'AES256GCM',
    hash: 'SHA-512',
    signature: 'Ed25519',
    // X-Wing encapsulation randomness: 32 bytes for ML-KEM-768, 32 for the X25519 ephemeral.
    ekmLength: 64,
    ikmLength: 32,
  },
  {
    id: 84,
    name: 'MLS_256_XWING_CHACHA20POLY1305_SHA512_Ed25519',
    postQuantum: true,
    kem: 'X-Wing',
    aead: 'CHACHA20POLY1305',
    hash: 'SHA-512',
    signature: 'Ed25519',
    ekmLength: 64,
    ikmLength: 32,
  },
  {
    // The pure ML-KEM suite ts-mls 1.6.4 can run: its ML-KEM DeriveKeyPair takes exactly 64 bytes of
    // IKM, and MLS derives node keys from KDF.Nh-byte secrets (RFC 9420 §7.4), so only the SHA-512
    // suites (81, 82) get through a path update; 77-80 fail there.
    id: 81,
    name: 'MLS_256_MLKEM1024_AES256GCM_SHA512_Ed25519',
    postQuantum: true,
    kem: 'ML-KEM-1024',
    aead: 'AES256GCM',
    hash: 'SHA-512',
    signature: 'Ed25519',
    ekmLength: 32, // FIPS 203 ML-KEM.Encaps randomness m
    ikmLength: 64, // FIPS 203 key generation seeds d || z
  },
  {
    id: 87,
    name: 'MLS_256_XWING_AES256GCM_SHA512_MLDSA87',
    postQuantum: true,
    kem: 'X-Wing',
    aead: 'AES256GCM',
    hash: 'SHA-512',
    signature: 'ML-DSA-87',
    ekmLength: 64,
    ikmLength: 32,
  },
  // The other RFC 9420 §17.1 suites, on OpenSSL's NIST curves, X448 and Ed448 (native/ecKem.ts,
  // native/nativeSignatures.ts). DeriveKeyPair takes Nsk bytes of IKM (RFC 9180 §7.1.3), and so does
  // the encapsulation's ephemeral. Leaves of the other suites do not advertise them (capabilities.ts).
  ...(
    [
      [2, 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256', 'DHKEM-P256-HKDF-SHA256', 'AES128GCM', 'SHA-256', 'P256', 32],
      [4, 'MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448', 'DHKEM-X448-HKDF-SHA512', 'AES256GCM', 'SHA-512', 'Ed448', 56],
      [5, 'MLS_256_DHKEMP521_AES256GCM_SHA512_P521', 'DHKEM-P521-HKDF-SHA512', 'AES256GCM', 'SHA-512', 'P521', 66],
      [6, 'MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448', 'DHKEM-X448-HKDF-SHA512', 'CHACHA20POLY1305', 'SHA-512', 'Ed448', 56],
      [7, 'MLS_256_DHKEMP384_AES256GCM_SHA384_P384', 'DHKEM-P384-HKDF-SHA384', 'AES256GCM', 'SHA-384', 'P384', 48],
    ] as const
  ).map(([id, name, kem, aead, hash, signature, nSk]) => ({ id, name, postQuantum: false, kem, aead, hash, signature, ekmLength: nSk, ikmLength: nSk })),
];

export const tsMlsCiphersuites: readonly SuiteParams[] = Object.freeze(suites.map((s) => Object.freeze(s)));

export function suiteParams(id: number): SuiteParams {
  const s = tsMlsCiphersuites.find((x) => x.id === id);
  if (s === undefined) {
    const known = tsMlsCiphersuites.map((x) => x.id).join(', ');
    throw new RangeError(`ciphersuite: ${id} is not supported by the ts-mls engine (supported: ${known})`);
  }
  return s;
}

export function suiteParamsByName(name: string): SuiteParams | undefined {
  return tsMlsCiphersuites.find((x) => x.name === name);
}
