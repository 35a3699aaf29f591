// Ed25519 private keys as OpenSSL KeyObjects, one per key array for the array's life. A member's key
// pair is made here (the public key derived by OpenSSL, as RFC 8032 §5.1.5 defines it) and the same
// KeyObject then signs every leaf, KeyPackage and commit: no import per signature, none per member.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const b64u = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
// OpenSSL imports a JWK nine times faster than PKCS#8 DER. A private JWK needs an `x`; Node derives the
// public half from `d` and ignores it (checked at load against RFC 8032 §7.1 test 1; should that ever
// fail, PKCS#8 it is).
const PLACEHOLDER_X = b64u(new Uint8Array(32));
const jwkPrivate = (sk: Uint8Array) => createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64u(sk), x: PLACEHOLDER_X }, format: 'jwk' });
const derPrivate = (sk: Uint8Array) => createPrivateKey({ key: Buffer.concat([PKCS8, sk]), format: 'der', type: 'pkcs8' });
const importPrivate: (sk: Uint8Array) => KeyObject = (() => {
  try {
    const sk = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pk = createPublicKey(jwkPrivate(sk)).export({ format: 'jwk' }).x;
    return pk === b64u(Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex')) ? jwkPrivate : derPrivate;
  } catch {
    return derPrivate;
  }
})();
const objects = new WeakMap<Uint8Array, KeyObject>();

/** The KeyObject for a 32-byte Ed25519 private key, imported once per key array. */
export function ed25519PrivateKey(signKey: Uint8Array): KeyObject {
  let k = objects.get(signKey);
  if (k === undefined) {
    if (signKey.length !== 32) throw new Error(`Ed25519: private key must be 32 bytes, got ${signKey.length}`);
    k = importPrivate(signKey);
    objects.set(signKey, k);
  }
  return k;
}

/** The 32-byte public key of an Ed25519 private key. */
export function ed25519PublicKey(signKey: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.from(createPublicKey(ed25519PrivateKey(signKey)).export({ format: 'jwk' }).x ?? '', 'base64url'));
}
