import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';

/** The caller's deterministic byte source (e.g. `(n) => streams.stream('identity/keys/provA').bytes(n)`). */
export type RandomBytes = (n: number) => Uint8Array;

/** A provider's Ed25519 signing key (RFC 8032). The private key stays inside `sign`. */
export interface ProviderSigner {
  readonly provider: ProviderId;
  /** Raw 32-byte public key, as published in a trust store. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

// DER wrappers for a raw Ed25519 key (RFC 8410 §7 and §4): node:crypto imports keys only as DER/PEM/JWK.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function requireBytes(v: unknown, length: number, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${field}: expected a Uint8Array, got ${describe(v)}`);
  if (v.length !== length) throw new RangeError(`${field}: expected ${length} bytes, got ${v.length}`);
  return v;
}

/** Ed25519 is deterministic (RFC 8032 §5.1.6), so the same seed always yields the same signatures. */
export function signerFromSeed(provider: ProviderId, seed: Uint8Array): ProviderSigner {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, requireBytes(seed, 32, 'seed')]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return {
    provider,
    publicKey: new Uint8Array(spki.subarray(SPKI_PREFIX.length)),
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}

export const providerSigner = (provider: ProviderId, randomBytes: RandomBytes): ProviderSigner =>
  signerFromSeed(provider, requireBytes(randomBytes(32), 32, 'randomBytes(32)'));

const publicKeyObject = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_PREFIX, requireBytes(raw, 32, 'public key')]), format: 'der', type: 'spki' });

export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return verify(null, message, publicKeyObject(publicKey), signature);
}
