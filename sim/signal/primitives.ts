// The node:crypto primitives the Signal protocol is built from (X25519, HMAC-SHA256, HKDF-SHA256,
// AES-256-CBC, SHA-512). Everything else in the ring composes these.
import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';

// Keys are imported as JWK, not DER: node then uses OpenSSL's raw-key constructors, several times
// faster than its DER decoders. For a private key node reads only `d` and derives the public key.
const b64url = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64url');
const ZERO_X = b64url(new Uint8Array(32));

// HMAC and HKDF are composed from node's one-shot hash (`crypto.hash`, node >= 20.12): the messages
// here are a byte or two blocks long, and a `createHmac` / `hkdfSync` call costs several one-shot
// hashes in setup alone (object, key import, job). HMAC(k, m) = H(k ^ opad || H(k ^ ipad || m)) for a key
// of at most one block (RFC 2104); HKDF is RFC 5869. The digest comes back as a latin1 ('binary') string: node
// turns that into a (pooled) Buffer faster than it allocates the 'buffer' output. Tested against
// createHmac and hkdfSync; older nodes, long keys and long messages use those directly.
type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'binary') => string;
const oneShot: OneShotHash | undefined = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;
const MAX_INLINE = 1024;
/** One block of padded key, then the message or the inner digest. Only used synchronously. */
const scratch = Buffer.alloc(64 + MAX_INLINE);
/** Views of the scratch's first 64 + n bytes, made once per length n (a Buffer's subarray is a new object). */
const prefixes = new Array<Buffer | undefined>(MAX_INLINE + 1).fill(undefined);
const prefix = (n: number): Buffer => prefixes[n] ?? (prefixes[n] = scratch.subarray(0, 64 + n));

function padKey(key: Uint8Array, pad: number): void {
  const n = key.length;
  for (let i = 0; i < n; i++) scratch[i] = key[i]! ^ pad;
  scratch.fill(pad, n, 64);
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (oneShot === undefined || key.length > 64 || data.length > MAX_INLINE) return createHmac('sha256', key).update(data).digest();
  padKey(key, 0x36);
  scratch.set(data, 64);
  const inner = oneShot('sha256', prefix(data.length), 'binary');
  padKey(key, 0x5c);
  scratch.write(inner, 64, 'latin1');
  return Buffer.from(oneShot('sha256', prefix(32), 'binary'), 'latin1');
}

const ZERO_SALT = new Uint8Array(32);
const infos = new Map<string, Uint8Array>();
const infoBytes = (info: string): Uint8Array => infos.get(info) ?? infos.set(info, new TextEncoder().encode(info)).get(info)!;

/** HKDF-SHA256 (RFC 5869); an absent salt is HashLen zero bytes, as in libsignal's `Hkdf::new(None, ..)`. */
export function hkdf(ikm: Uint8Array, salt: Uint8Array | undefined, info: string, length: number): Uint8Array {
  const inf = infoBytes(info);
  if (oneShot === undefined || ikm.length > MAX_INLINE || inf.length + 33 > MAX_INLINE || length > 255 * 32) return new Uint8Array(hkdfSync('sha256', ikm, salt ?? ZERO_SALT, info, length));
  const prk = hmacSha256(salt ?? ZERO_SALT, ikm);
  const out = new Uint8Array(length);
  const block = new Uint8Array(32 + inf.length + 1);
  let t = block.subarray(32); // T(0) is empty
  block.set(inf, 32);
  for (let i = 1, o = 0; o < length; i++, o += 32) {
    block[block.length - 1] = i;
    const ti = hmacSha256(prk, t);
    out.set(length - o >= 32 ? ti : ti.subarray(0, length - o), o);
    block.set(ti, 0);
    t = block;
  }
  return out;
}

export function sha512(...parts: readonly Uint8Array[]): Uint8Array {
  if (oneShot !== undefined) return Buffer.from(oneShot('sha512', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'binary'), 'latin1');
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
  const k = new Uint8Array(bytes); // a copy (Uint8Array.from walks an iterator)
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

/** X25519 agreement; `undefined` for a low-order peer key (OpenSSL refuses an all-zero output).
 *  A peer key used in several agreements of one operation can be passed imported once (`x25519PublicObject`). */
export function x25519(ours: X25519KeyPair, theirs: Uint8Array | KeyObject): Uint8Array | undefined {
  try {
    return diffieHellman({ privateKey: ours.keyObject, publicKey: theirs instanceof Uint8Array ? x25519PublicObject(theirs) : theirs }); // an unpooled Buffer of its own
  } catch {
    return undefined;
  }
}
