// Ed448 (RFC 8032) and ECDSA P-256/P-384/P-521 (FIPS 186-5; MLS signs the message with the suite's
// hash and encodes the signature in DER, RFC 9420 §5.1.2) for ciphersuites 2, 4-7. Verification and
// Ed448 signing run on OpenSSL. ECDSA signing stays with noble's RFC 6979 deterministic nonces:
// OpenSSL's ECDSA draws a random nonce, and every engine operation must be reproducible from its seed.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Signature } from 'ts-mls';
import { EngineBug } from '../engineBug.ts';
import { KeyCache } from './keyCache.ts';

const b64u = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');

/** Ed448 signing on OpenSSL, synchronous (RFC 8032 §5.2.6: deterministic, 114 bytes). */
export function ed448Sign(): (signKey: Uint8Array, message: Uint8Array) => Uint8Array {
  const PKCS8 = Buffer.from('3047020100300506032b6571043b0439', 'hex');
  const signers = new KeyCache<KeyObject>();
  return (signKey, message) => {
    if (signKey.length !== 57) throw new Error(`Ed448: private key must be 57 bytes, got ${signKey.length}`);
    const key = signers.get(signKey, (k) => createPrivateKey({ key: Buffer.concat([PKCS8, k]), format: 'der', type: 'pkcs8' }));
    return new Uint8Array(sign(null, message, key));
  };
}

export function nativeEd448(): Signature {
  const signSync = ed448Sign();
  const verifiers = new KeyCache<KeyObject>();
  return {
    async sign(signKey, message) {
      return signSync(signKey, message);
    },
    async verify(publicKey, message, signature) {
      try {
        const key = verifiers.get(publicKey, (k) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed448', x: b64u(k) }, format: 'jwk' }));
        return verify(null, message, key, signature);
      } catch {
        return false; // not a valid Ed448 public key or signature encoding
      }
    },
    async keygen() {
      throw new EngineBug('unseeded Ed448 key generation');
    },
  };
}

type Curve = 'P256' | 'P384' | 'P521';
const CURVE = {
  P256: { jwk: 'P-256', hash: 'sha256', size: 32 },
  P384: { jwk: 'P-384', hash: 'sha384', size: 48 },
  P521: { jwk: 'P-521', hash: 'sha512', size: 66 },
} as const;

export async function nativeEcdsa(curve: Curve): Promise<Signature> {
  const { p256, p384, p521 } = await import('@noble/curves/nist.js');
  const noble = { P256: p256, P384: p384, P521: p521 }[curve];
  const { jwk, hash, size } = CURVE[curve];
  const verifiers = new KeyCache<KeyObject>();
  const verifier = (pk: Uint8Array) => {
    if (pk.length !== 2 * size + 1 || pk[0] !== 0x04) throw new Error('not an uncompressed point');
    return createPublicKey({ key: { kty: 'EC', crv: jwk, x: b64u(pk.subarray(1, 1 + size)), y: b64u(pk.subarray(1 + size)) }, format: 'jwk' });
  };
  return {
    async sign(signKey, message) {
      return noble.sign(message, signKey, { prehash: true, format: 'der', lowS: false });
    },
    async verify(publicKey, message, signature) {
      try {
        return verify(hash, message, { key: verifiers.get(publicKey, verifier), dsaEncoding: 'der' }, signature);
      } catch {
        return false; // not a point of the curve, or not a DER signature
      }
    },
    async keygen() {
      throw new EngineBug(`unseeded ${curve} key generation`);
    },
  };
}
