// KEMs for the native HPKE (RFC 9180 §4): DHKEM(X25519, HKDF-SHA256) on OpenSSL, synchronous; the
// post-quantum ones are in pqKem.ts. Keys travel as raw bytes; the HPKE layer wraps them for ts-mls.
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { concat, expand, extract } from './nativeHash.ts';
import { KeyCache } from './keyCache.ts';

export interface SyncKem {
  readonly id: number;
  readonly name: string;
  readonly publicKeySize: number;
  readonly privateKeySize: number;
  deriveKeyPair(ikm: Uint8Array): KemKeyPair | Promise<KemKeyPair>;
  /** Encapsulation with explicit ephemeral keying material (RFC 9180 §4.1 DeriveKeyPair(ekm) for DHKEM). */
  encap(pkR: Uint8Array, ekm: Uint8Array): KemEncap | Promise<KemEncap>;
  decap(enc: Uint8Array, skR: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** The private key as this KEM serializes it, from a form other implementations also write (optional). */
  normalizePrivate?(raw: Uint8Array): Uint8Array;
}

export interface KemKeyPair {
  readonly sk: Uint8Array;
  readonly pk: Uint8Array;
}

export interface KemEncap {
  readonly sharedSecret: Uint8Array;
  readonly enc: Uint8Array;
}

const enc = new TextEncoder();
const HPKE_V1 = enc.encode('HPKE-v1');
const EMPTY = new Uint8Array(0);
const cat = concat;

const X25519_ID = 0x0020;
const N = 32;
const KEM_SUITE = cat(enc.encode('KEM'), Uint8Array.of(X25519_ID >> 8, X25519_ID & 0xff));
const L_DKP = enc.encode('dkp_prk');
const L_SK = enc.encode('sk');
const L_EAE = enc.encode('eae_prk');
const L_SS = enc.encode('shared_secret');
const labeledExtract = (salt: Uint8Array, label: Uint8Array, ikm: Uint8Array) => extract('sha256', salt, cat(HPKE_V1, KEM_SUITE, label, ikm));
const labeledExpand = (prk: Uint8Array, label: Uint8Array, info: Uint8Array, len: number) =>
  expand('sha256', prk, cat(Uint8Array.of(len >> 8, len & 0xff), HPKE_V1, KEM_SUITE, label, info), len);

const b64u = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
// A private JWK needs an `x`; Node derives the public half from `d` and ignores it (checked at load
// below against RFC 9180 A.1: skEm -> pkEm; should that ever fail we use PKCS#8, slower but right).
const PLACEHOLDER_X = b64u(new Uint8Array(N));
const PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const jwkPrivate = (sk: Uint8Array) => createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64u(sk), x: PLACEHOLDER_X }, format: 'jwk' });
const derPrivate = (sk: Uint8Array) => createPrivateKey({ key: Buffer.concat([PKCS8, sk]), format: 'der', type: 'pkcs8' });
// A private key's JWK carries its public half (`x`, computed by OpenSSL from `d` on import): read it
// there rather than making a public KeyObject first (about 6 of the 75 us a key pair costs).
const publicRaw = (k: KeyObject): Uint8Array => new Uint8Array(Buffer.from(k.export({ format: 'jwk' }).x ?? '', 'base64url'));
const privateObject: (sk: Uint8Array) => KeyObject = (() => {
  try {
    const sk = Buffer.from('52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736', 'hex');
    const pk = Buffer.from(publicRaw(jwkPrivate(sk))).toString('hex');
    return pk === '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431' ? jwkPrivate : derPrivate;
  } catch {
    return derPrivate;
  }
})();

/** Raw X25519 (RFC 7748) on OpenSSL, with imported keys remembered by their bytes. */
export interface X25519 {
  publicOf(sk: Uint8Array): Uint8Array;
  /** X25519(sk, pk); throws for an all-zero result (a low-order point, RFC 9180 §7.1.4). */
  shared(sk: Uint8Array, pk: Uint8Array): Uint8Array;
}

export function x25519(): X25519 {
  const publics = new KeyCache<KeyObject>();
  const privates = new KeyCache<{ object: KeyObject; pk: Uint8Array }>();
  const publicObject = (pk: Uint8Array) => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(pk) }, format: 'jwk' });
  const own = (sk: Uint8Array) => {
    if (sk.length !== N) throw new Error(`X25519: private key must be ${N} bytes, got ${sk.length}`);
    return privates.get(sk, (s) => {
      const object = privateObject(s);
      return { object, pk: publicRaw(object) };
    });
  };
  return {
    publicOf: (sk) => own(sk).pk,
    shared(sk, pk) {
      if (pk.length !== N) throw new Error(`X25519: public key must be ${N} bytes, got ${pk.length}`);
      const out = diffieHellman({ privateKey: own(sk).object, publicKey: publics.get(pk, publicObject) });
      if (out.every((b) => b === 0)) throw new Error('X25519: all-zero shared secret');
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}

export function x25519Kem(): SyncKem {
  const dh = x25519();
  // Ephemeral keys are fresh every time: imported without the cache.
  const derive = (ikm: Uint8Array): { sk: Uint8Array; object: KeyObject; pk: Uint8Array } => {
    const sk = labeledExpand(labeledExtract(EMPTY, L_DKP, ikm), L_SK, EMPTY, N);
    const object = privateObject(sk);
    return { sk, object, pk: publicRaw(object) };
  };
  const publics = new KeyCache<KeyObject>();
  const publicObject = (pk: Uint8Array) => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(pk) }, format: 'jwk' });
  const sharedSecret = (dhOut: Uint8Array, kemContext: Uint8Array) => labeledExpand(labeledExtract(EMPTY, L_EAE, dhOut), L_SS, kemContext, N);
  return {
    id: X25519_ID,
    name: 'X25519',
    publicKeySize: N,
    privateKeySize: N,
    deriveKeyPair(ikm) {
      const { sk, pk } = derive(ikm);
      return { sk, pk };
    },
    encap(pkR, ekm) {
      if (pkR.length !== N) throw new Error(`X25519: public key must be ${N} bytes, got ${pkR.length}`);
      const e = derive(ekm);
      const out = diffieHellman({ privateKey: e.object, publicKey: publics.get(pkR, publicObject) });
      if (out.every((b) => b === 0)) throw new Error('X25519: all-zero shared secret');
      return { sharedSecret: sharedSecret(new Uint8Array(out.buffer, out.byteOffset, out.byteLength), cat(e.pk, pkR)), enc: e.pk };
    },
    decap(encapsulated, skR) {
      if (encapsulated.length !== N) throw new Error(`X25519: enc must be ${N} bytes`);
      return sharedSecret(dh.shared(skR, encapsulated), cat(encapsulated, dh.publicOf(skR)));
    },
  };
}
