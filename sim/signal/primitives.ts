// The node:crypto primitives the Signal protocol is built from (X25519, HMAC-SHA256, HKDF-SHA256,
// AES-256-CBC, SHA-512). Everything else in the ring composes these.
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';

// Keys are imported as JWK, not DER: node then uses OpenSSL's raw-key constructors, several times
// faster than its DER decoders. For a private key node reads only `d` and derives the public key.
const b64url = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64url');
const ZERO_X = b64url(new Uint8Array(32));

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return createHmac('sha256', key).update(data).digest();
}

/** HKDF-SHA256 (RFC 5869); an absent salt is HashLen zero bytes, as in libsignal's `Hkdf::new(None, ..)`. */
export function hkdf(ikm: Uint8Array, salt: Uint8Array | undefined, info: string, length: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt ?? new Uint8Array(32), info, length));
}

export function sha512(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** AES-256-CBC with PKCS#7 padding. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

/** `undefined` when the padding is wrong (the MAC or signature was checked before). */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) return undefined;
  try {
    const d = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([d.update(ciphertext), d.final()]);
  } catch {
    return undefined;
  }
}

/** An X25519 key pair; the private scalar is stored clamped, as libsignal does, so XEdDSA can use it. */
export interface X25519KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array; // 32 raw bytes
  readonly keyObject: KeyObject;
}

export function clamp(bytes: Uint8Array): Uint8Array {
  const k = Uint8Array.from(bytes);
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;
  return k;
}

export function x25519FromPrivate(raw: Uint8Array): X25519KeyPair {
  if (raw.length !== 32) throw new RangeError(`x25519: private key must be 32 bytes, got ${raw.length}`);
  const privateKey = clamp(raw);
  const keyObject = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64url(privateKey), x: ZERO_X }, format: 'jwk' });
  const x = keyObject.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('x25519: node did not export the public key');
  return { privateKey, publicKey: new Uint8Array(Buffer.from(x, 'base64url')), keyObject };
}

export function x25519PublicObject(pub: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(pub) }, format: 'jwk' });
}

/** X25519 agreement; `undefined` for a low-order peer key (OpenSSL refuses an all-zero output). */
export function x25519(ours: X25519KeyPair, theirs: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(diffieHellman({ privateKey: ours.keyObject, publicKey: x25519PublicObject(theirs) }));
  } catch {
    return undefined;
  }
}
