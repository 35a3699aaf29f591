// HKDF (RFC 5869) for the MLS key schedule and secret tree, computed synchronously with noble. ts-mls's
// default goes through WebCrypto, paying a key import and a thread-pool round trip per call; a
// 256-member epoch makes thousands of these calls (RFC 9420 §9: the secret tree has a node per member).
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashAlgorithm, Kdf } from 'ts-mls';

export function nobleKdf(hash: HashAlgorithm): Kdf {
  const h = hash === 'SHA-256' ? sha256 : hash === 'SHA-384' ? sha384 : sha512;
  return {
    async extract(salt, ikm) {
      return extract(h, ikm, salt);
    },
    async expand(prk, info, len) {
      return expand(h, prk, info, len);
    },
    size: h.outputLen,
  };
}
