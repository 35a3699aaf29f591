// DHKEM(P-256, HKDF-SHA256), DHKEM(P-384, HKDF-SHA384), DHKEM(P-521, HKDF-SHA512) and
// DHKEM(X448, HKDF-SHA512) (RFC 9180 §4.1, §7.1) on OpenSSL, synchronous, for ciphersuites 2, 4-7.
// Keys travel as raw bytes: NIST public keys as uncompressed points, private keys as big-endian
// scalars (SerializePrivateKey), X448 keys as RFC 7748 strings.
import { createECDH, createPrivateKey, createPublicKey, diffieHellman, type ECDH, type KeyObject } from 'node:crypto';
import type { SyncKem } from './kem.ts';
import { KeyCache } from './keyCache.ts';
import { concat, expand, extract, type NodeHashName } from './nativeHash.ts';

interface DhGroup {
  readonly id: number;
  readonly name: string;
  readonly hash: NodeHashName;
  /** Nsecret (= Nh of the KEM's KDF), Npk, Nsk. */
  readonly nSecret: number;
  readonly nPk: number;
  readonly nSk: number;
  /** A NIST scalar written without its leading zero bytes (some implementations do) is the same key. */
  normalizePrivate?(raw: Uint8Array): Uint8Array;
  /** sk from DeriveKeyPair's PRK (RFC 9180 §7.1.3). */
  derivePrivate(prk: Uint8Array, expandLabeled: (prk: Uint8Array, label: Uint8Array, info: Uint8Array, len: number) => Uint8Array): Uint8Array;
  publicOf(sk: Uint8Array): Uint8Array;
  dh(sk: Uint8Array, pk: Uint8Array): Uint8Array;
}

const te = new TextEncoder();
const EMPTY = new Uint8Array(0);
const L = { dkp: te.encode('dkp_prk'), sk: te.encode('sk'), candidate: te.encode('candidate'), eae: te.encode('eae_prk'), ss: te.encode('shared_secret') };
const HPKE_V1 = te.encode('HPKE-v1');
const b64u = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** NIST curve order n, big-endian, for the rejection sampling of DeriveKeyPair. */
const ORDER: Record<string, bigint> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  secp521r1:
    0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

function nist(id: number, name: string, curve: string, hash: NodeHashName, nSecret: number, nSk: number, bitmask: number): DhGroup {
  const order = ORDER[curve]!;
  // setPrivateKey computes the public point (milliseconds on P-384 and P-521): once per key.
  const keys = new KeyCache<ECDH>();
  const ecdh = (sk: Uint8Array) =>
    keys.get(sk, (k) => {
      const e = createECDH(curve);
      e.setPrivateKey(k);
      return e;
    });
  return {
    id,
    name,
    hash,
    nSecret,
    nPk: 2 * nSk + 1,
    nSk,
    derivePrivate(prk, expandLabeled) {
      // RFC 9180 §7.1.3: candidates until one is a valid scalar (0 < sk < n).
      for (let counter = 0; counter < 256; counter++) {
        const candidate = expandLabeled(prk, L.candidate, Uint8Array.of(counter), nSk);
        candidate[0]! &= bitmask;
        const sk = BigInt(`0x${Buffer.from(candidate).toString('hex')}`);
        if (sk !== 0n && sk < order) return candidate;
      }
      throw new Error(`${name}: DeriveKeyPairError`);
    },
    normalizePrivate(raw) {
      if (raw.length >= nSk) return raw;
      const out = new Uint8Array(nSk);
      out.set(raw, nSk - raw.length);
      return out;
    },
    publicOf: (sk) => bytes(ecdh(sk).getPublicKey()),
    dh(sk, pk) {
      if (pk.length !== 2 * nSk + 1) throw new Error(`${name}: public key must be ${2 * nSk + 1} bytes, got ${pk.length}`);
      // OpenSSL rejects points off the curve; the x-coordinate comes padded to the field size.
      return bytes(ecdh(sk).computeSecret(pk));
    },
  };
}

function x448(): DhGroup {
  const N = 56;
  const PKCS8 = Buffer.from('3046020100300506032b656f043a0438', 'hex');
  const privates = new KeyCache<KeyObject>();
  const publics = new KeyCache<KeyObject>();
  const priv = (sk: Uint8Array) => privates.get(sk, (s) => createPrivateKey({ key: Buffer.concat([PKCS8, s]), format: 'der', type: 'pkcs8' }));
  const pub = (pk: Uint8Array) => publics.get(pk, (p) => createPublicKey({ key: { kty: 'OKP', crv: 'X448', x: b64u(p) }, format: 'jwk' }));
  return {
    id: 0x0021,
    name: 'X448',
    hash: 'sha512',
    nSecret: 64,
    nPk: N,
    nSk: N,
    derivePrivate: (prk, expandLabeled) => expandLabeled(prk, L.sk, EMPTY, N),
    publicOf: (sk) => new Uint8Array(Buffer.from(createPublicKey(priv(sk)).export({ format: 'jwk' }).x ?? '', 'base64url')),
    dh(sk, pk) {
      if (pk.length !== N) throw new Error(`X448: public key must be ${N} bytes, got ${pk.length}`);
      const out = bytes(diffieHellman({ privateKey: priv(sk), publicKey: pub(pk) }));
      if (out.every((b) => b === 0)) throw new Error('X448: all-zero shared secret');
      return out;
    },
  };
}

function dhKem(g: DhGroup): SyncKem {
  const suite = concat(te.encode('KEM'), Uint8Array.of(g.id >> 8, g.id & 0xff));
  const labeledExtract = (salt: Uint8Array, label: Uint8Array, ikm: Uint8Array) => extract(g.hash, salt, concat(HPKE_V1, suite, label, ikm));
  const labeledExpand = (prk: Uint8Array, label: Uint8Array, info: Uint8Array, len: number) =>
    expand(g.hash, prk, concat(Uint8Array.of(len >> 8, len & 0xff), HPKE_V1, suite, label, info), len);
  const derive = (ikm: Uint8Array) => {
    const sk = g.derivePrivate(labeledExtract(EMPTY, L.dkp, ikm), labeledExpand);
    return { sk, pk: g.publicOf(sk) };
  };
  const sharedSecret = (dh: Uint8Array, kemContext: Uint8Array) => labeledExpand(labeledExtract(EMPTY, L.eae, dh), L.ss, kemContext, g.nSecret);
  return {
    ...(g.normalizePrivate !== undefined && { normalizePrivate: g.normalizePrivate }),
    id: g.id,
    name: g.name,
    publicKeySize: g.nPk,
    privateKeySize: g.nSk,
    deriveKeyPair: derive,
    encap(pkR, ekm) {
      const e = derive(ekm);
      return { sharedSecret: sharedSecret(g.dh(e.sk, pkR), concat(e.pk, pkR)), enc: e.pk };
    },
    decap(enc, skR) {
      return sharedSecret(g.dh(skR, enc), concat(enc, g.publicOf(skR)));
    },
  };
}

export const p256Kem = (): SyncKem => dhKem(nist(0x0010, 'P-256', 'prime256v1', 'sha256', 32, 32, 0xff));
export const p384Kem = (): SyncKem => dhKem(nist(0x0011, 'P-384', 'secp384r1', 'sha384', 48, 48, 0xff));
export const p521Kem = (): SyncKem => dhKem(nist(0x0012, 'P-521', 'secp521r1', 'sha512', 64, 66, 0x01));
export const x448Kem = (): SyncKem => dhKem(x448());
