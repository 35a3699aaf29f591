// AES-GCM and ChaCha20-Poly1305 (RFC 5116, RFC 8439) on OpenSSL, synchronous. A failed open throws
// ts-mls's CryptoError, as its own providers do, so rejections keep their reason.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { AeadAlgorithm } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';

const TAG = 16;
const cipherName = (alg: AeadAlgorithm) => (alg === 'AES128GCM' ? 'aes-128-gcm' : alg === 'AES256GCM' ? 'aes-256-gcm' : 'chacha20-poly1305');

export interface SyncAead {
  readonly keyLength: number;
  readonly nonceLength: number;
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

export function nativeAead(alg: AeadAlgorithm): SyncAead {
  const name = cipherName(alg);
  const keyLength = alg === 'AES128GCM' ? 16 : 32;
  return {
    keyLength,
    nonceLength: 12,
    seal(key, nonce, aad, plaintext) {
      const c = createCipheriv(name as 'aes-128-gcm', key, nonce, { authTagLength: TAG });
      if (aad.length > 0) c.setAAD(aad, { plaintextLength: plaintext.length });
      const head = c.update(plaintext);
      const tail = c.final();
      const out = new Uint8Array(head.length + tail.length + TAG);
      out.set(head);
      out.set(tail, head.length);
      out.set(c.getAuthTag(), head.length + tail.length);
      return out;
    },
    open(key, nonce, aad, ciphertext) {
      if (ciphertext.length < TAG) throw new CryptoError('AEAD: ciphertext shorter than the tag');
      try {
        const d = createDecipheriv(name as 'aes-128-gcm', key, nonce, { authTagLength: TAG });
        d.setAuthTag(ciphertext.subarray(ciphertext.length - TAG));
        if (aad.length > 0) d.setAAD(aad, { plaintextLength: ciphertext.length - TAG });
        const head = d.update(ciphertext.subarray(0, ciphertext.length - TAG));
        const tail = d.final();
        return tail.length === 0 ? new Uint8Array(head.buffer, head.byteOffset, head.byteLength) : new Uint8Array(Buffer.concat([head, tail]));
      } catch (e) {
        throw new CryptoError(`AEAD: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
