// @hpke/core's HKDF with its extract and expand computed synchronously by noble: the HPKE key
// schedule (RFC 9180 §5.1) runs six of them per encryption, each a WebCrypto key import otherwise.
// Labels and suite ids still come from @hpke/core.
import type { KdfInterface } from '@hpke/core';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

const bytes = (x: ArrayBufferLike | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(x) ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength) : new Uint8Array(x);

export function nobleHpkeKdf(base: KdfInterface): KdfInterface {
  const h = base.hashSize === 32 ? sha256 : base.hashSize === 48 ? sha384 : sha512;
  const overrides = {
    async extract(salt: ArrayBufferLike | ArrayBufferView, ikm: ArrayBufferLike | ArrayBufferView): Promise<ArrayBuffer> {
      return extract(h, bytes(ikm), bytes(salt)).slice().buffer;
    },
    async expand(prk: ArrayBufferLike | ArrayBufferView, info: ArrayBufferLike | ArrayBufferView, len: number): Promise<ArrayBuffer> {
      return expand(h, bytes(prk), bytes(info), len).slice().buffer;
    },
    async extractAndExpand(
      salt: ArrayBufferLike | ArrayBufferView,
      ikm: ArrayBufferLike | ArrayBufferView,
      info: ArrayBufferLike | ArrayBufferView,
      len: number,
    ): Promise<ArrayBuffer> {
      return expand(h, extract(h, bytes(ikm), bytes(salt)), bytes(info), len).slice().buffer;
    },
  };
  // Inherit init/labeledExtract/labeledExpand so they call the overrides through `this`.
  return Object.assign(Object.create(base) as KdfInterface, overrides);
}
