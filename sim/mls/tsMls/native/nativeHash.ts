// SHA-2, HMAC and HKDF (RFC 5869) on Node's OpenSSL bindings, synchronous underneath. ts-mls's
// interfaces are promise-shaped, so each async wrapper settles at once; HPKE and the KEMs call the
// synchronous halves directly.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Hash, HashAlgorithm, Kdf } from 'ts-mls';

export type NodeHashName = 'sha256' | 'sha384' | 'sha512';

export const nodeHashName = (alg: HashAlgorithm): NodeHashName => (alg === 'SHA-256' ? 'sha256' : alg === 'SHA-384' ? 'sha384' : 'sha512');

export const hashSize = (name: NodeHashName): number => (name === 'sha256' ? 32 : name === 'sha384' ? 48 : 64);

const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function digest(name: NodeHashName, data: Uint8Array): Uint8Array {
  return u8(createHash(name).update(data).digest());
}

export function hmac(name: NodeHashName, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac(name, key);
  for (const p of parts) h.update(p);
  return u8(h.digest());
}

/** HKDF-Extract (RFC 5869 §2.2); an empty salt means HashLen zero bytes, which HMAC pads to the same key. */
export function extract(name: NodeHashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmac(name, salt, ikm);
}

/** HKDF-Expand (RFC 5869 §2.3). */
export function expand(name: NodeHashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const size = hashSize(name);
  if (length > 255 * size) throw new RangeError(`HKDF: length ${length} exceeds 255 * ${size}`);
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    t = hmac(name, prk, t, info, Uint8Array.of(i));
    out.set(t.subarray(0, Math.min(size, length - at)), at);
    at += size;
  }
  return out;
}

export function nativeHash(alg: HashAlgorithm): Hash {
  const name = nodeHashName(alg);
  return {
    async digest(data) {
      return digest(name, data);
    },
    async mac(key, data) {
      return hmac(name, key, data);
    },
    async verifyMac(key, mac, data) {
      const expected = hmac(name, key, data);
      return expected.length === mac.length && timingSafeEqual(expected, mac);
    },
  };
}

export function nativeKdf(alg: HashAlgorithm): Kdf {
  const name = nodeHashName(alg);
  return {
    async extract(salt, ikm) {
      return extract(name, salt, ikm);
    },
    async expand(prk, info, len) {
      return expand(name, prk, info, len);
    },
    size: hashSize(name),
  };
}
