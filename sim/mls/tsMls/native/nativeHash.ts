// SHA-2, HMAC and HKDF (RFC 5869) on Node's OpenSSL bindings, synchronous underneath. ts-mls's
// interfaces are promise-shaped, so each async wrapper settles at once; HPKE and the KEMs call the
// synchronous halves directly.
import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Hash, HashAlgorithm, Kdf } from 'ts-mls';

export type NodeHashName = 'sha256' | 'sha384' | 'sha512';

export const nodeHashName = (alg: HashAlgorithm): NodeHashName => (alg === 'SHA-256' ? 'sha256' : alg === 'SHA-384' ? 'sha384' : 'sha512');

export const hashSize = (name: NodeHashName): number => (name === 'sha256' ? 32 : name === 'sha384' ? 48 : 64);

const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** node:crypto's one-shot `hash` (Node 20.12+): no Hash object per call. */
const oneShot = (nodeCrypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

export function digest(name: NodeHashName, data: Uint8Array): Uint8Array {
  return u8(oneShot !== undefined ? oneShot(name, data, 'buffer') : createHash(name).update(data).digest());
}

export function hmac(name: NodeHashName, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  if (oneShot !== undefined) return hmacOneShot(name, key, parts);
  const h = createHmac(name, key);
  for (const p of parts) h.update(p);
  return u8(h.digest());
}

const blockSize = (name: NodeHashName): number => (name === 'sha256' ? 64 : 128);
let scratch = new Uint8Array(1024);

/**
 * HMAC (RFC 2104) as two one-shot hashes: H((K ^ opad) || H((K ^ ipad) || text)), K the key padded
 * with zeros to the hash's block size (hashed first when longer). Same bytes as createHmac, without
 * an HMAC object and its key handle per call (HKDF calls it several times per derived secret).
 */
function hmacOneShot(name: NodeHashName, key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  const hash = oneShot!;
  const block = blockSize(name);
  const k = key.length > block ? hash(name, key, 'buffer') : key;
  let length = block;
  for (const p of parts) length += p.length;
  const size = hashSize(name);
  if (scratch.length < Math.max(length, block + size)) scratch = new Uint8Array(Math.max(length, block + size) * 2);
  const buf = scratch;
  buf.fill(0x36, 0, block);
  for (let i = 0; i < k.length; i++) buf[i]! ^= k[i]!;
  let at = block;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  const inner = hash(name, buf.subarray(0, length), 'buffer');
  buf.fill(0x5c, 0, block);
  for (let i = 0; i < k.length; i++) buf[i]! ^= k[i]!;
  buf.set(inner, block);
  return u8(hash(name, buf.subarray(0, block + size), 'buffer'));
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

const SYNC_DIGEST = Symbol('sync digest');

/** The synchronous digest behind a native `Hash`, for code that can use it without awaiting (tree hashes). */
export function syncDigestOf(h: Hash): ((data: Uint8Array) => Uint8Array) | undefined {
  return (h as { [SYNC_DIGEST]?: (data: Uint8Array) => Uint8Array })[SYNC_DIGEST];
}

export function nativeHash(alg: HashAlgorithm): Hash {
  const name = nodeHashName(alg);
  const hash: Hash = {
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
  return Object.assign(hash, { [SYNC_DIGEST]: (data: Uint8Array) => digest(name, data) });
}

/** The synchronous KDF behind a native `Kdf`, for code that can use it without awaiting. */
export interface SyncKdf {
  readonly size: number;
  expand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** RFC 9420 §8: ExpandWithLabel(secret, label, context, length). */
  expandWithLabel(secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array;
}

const SYNC = Symbol('sync kdf');
const te = new TextEncoder();

export function nativeKdf(alg: HashAlgorithm): Kdf {
  const name = nodeHashName(alg);
  const sync: SyncKdf = {
    size: hashSize(name),
    expand: (prk, info, len) => expand(name, prk, info, len),
    expandWithLabel(secret, label, context, length) {
      // KDFLabel: uint16 length, opaque label<V> = "MLS 1.0 " + label, opaque context<V>.
      const l = te.encode(`MLS 1.0 ${label}`);
      return expand(name, secret, concat(Uint8Array.of(length >> 8, length & 0xff), varLen(l), varLen(context)), length);
    },
  };
  return Object.assign(
    {
      async extract(salt: Uint8Array, ikm: Uint8Array) {
        return extract(name, salt, ikm);
      },
      async expand(prk: Uint8Array, info: Uint8Array, len: number) {
        return expand(name, prk, info, len);
      },
      size: hashSize(name),
    },
    { [SYNC]: sync },
  );
}

export function syncKdfOf(kdf: Kdf): SyncKdf | undefined {
  return (kdf as { [SYNC]?: SyncKdf })[SYNC];
}

/** opaque<V> with RFC 9420 §2.1.2's variable-length prefix. */
export function varLen(b: Uint8Array): Uint8Array {
  const n = b.length;
  const prefix = n < 64 ? [n] : n < 16384 ? [0x40 | (n >> 8), n & 0xff] : [0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return concat(Uint8Array.from(prefix), b);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
