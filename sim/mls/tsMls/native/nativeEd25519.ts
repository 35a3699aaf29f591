// Ed25519 (RFC 8032) signatures on Node's native, synchronous implementation. ts-mls's goes through
// WebCrypto: a key import and a thread-pool round trip per call, and joining a 256-member group
// verifies every leaf's signature (RFC 9420 §12.4.3.1). Same OpenSSL underneath, same results.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Signature } from 'ts-mls';
import { EngineBug } from '../engineBug.ts';
import { ed25519PrivateKey } from './ed25519Keys.ts';
import { KeyCache } from './keyCache.ts';

/** A signature scheme that can also verify on libuv's thread pool (see `pooled` below). */
export type PoolableSignature = Signature & { readonly pooled?: Signature };

/** Ed25519 signing on OpenSSL, synchronous (RFC 8032 §5.1.6: deterministic, 64 bytes). */
export function ed25519Sign(signKey: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, ed25519PrivateKey(signKey)));
}

export function nativeEd25519(): PoolableSignature {
  // Every join verifies every leaf, every commit its committer: the same keys again and again.
  const verifiers = new KeyCache<KeyObject>();
  const verifier = (publicKey: Uint8Array) =>
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
  return {
    async sign(signKey, message) {
      return ed25519Sign(signKey, message);
    },
    async verify(publicKey, message, signature) {
      try {
        return verify(null, message, verifiers.get(publicKey, verifier), signature);
      } catch {
        return false; // not a valid Ed25519 public key or signature encoding
      }
    },
    async keygen() {
      throw new EngineBug('unseeded Ed25519 key generation');
    },
    // The same verification with node:crypto's callback form: OpenSSL runs it on libuv's thread pool
    // while the calling thread goes on (a receiver's decryption started ahead of its arrival,
    // sim/mls/tsMls/unprotect.ts). Same key, same message, same answer as `verify`.
    pooled: {
      sign: (signKey, message) => Promise.resolve(ed25519Sign(signKey, message)),
      verify(publicKey, message, signature) {
        return new Promise<boolean>((resolve) => {
          try {
            verify(null, message, verifiers.get(publicKey, verifier), signature, (err, ok) => resolve(err === null && ok));
          } catch {
            resolve(false); // not a valid Ed25519 public key or signature encoding
          }
        });
      },
      keygen: () => Promise.reject(new EngineBug('unseeded Ed25519 key generation')),
    },
  };
}
