// Double Ratchet KDF chains as libsignal computes them (Double Ratchet spec §5.2 with Signal's
// choices): KDF_RK = HKDF(salt = root key, ikm = DH output, info "WhisperRatchet") -> root || chain;
// KDF_CK: message-key seed = HMAC(ck, 0x01), next chain key = HMAC(ck, 0x02); message keys =
// HKDF(ikm = seed, info "WhisperMessageKeys") -> cipher key (32) || MAC key (32) || IV (16).
import type { KeyObject } from 'node:crypto';
import { hkdf, hmacSha256, x25519, type X25519KeyPair } from './primitives.ts';

export interface ChainKey {
  readonly key: Uint8Array;
  readonly index: number;
}

export interface MessageKeys {
  readonly cipherKey: Uint8Array;
  readonly macKey: Uint8Array;
  readonly iv: Uint8Array;
}

const MESSAGE_KEY_SEED = Uint8Array.of(1);
const CHAIN_KEY_SEED = Uint8Array.of(2);

export function nextChainKey(ck: ChainKey): ChainKey {
  return { key: hmacSha256(ck.key, CHAIN_KEY_SEED), index: ck.index + 1 };
}

export function messageKeySeed(ck: ChainKey): Uint8Array {
  return hmacSha256(ck.key, MESSAGE_KEY_SEED);
}

export function messageKeys(seed: Uint8Array): MessageKeys {
  const okm = hkdf(seed, undefined, 'WhisperMessageKeys', 80);
  return { cipherKey: okm.subarray(0, 32), macKey: okm.subarray(32, 64), iv: okm.subarray(64, 80) };
}

/** One DH ratchet half-step; `undefined` if the peer's ratchet key is of low order. */
export function createChain(rootKey: Uint8Array, theirRatchetKey: Uint8Array | KeyObject, ours: X25519KeyPair): { rootKey: Uint8Array; chainKey: ChainKey } | undefined {
  const dh = x25519(ours, theirRatchetKey);
  if (!dh) return undefined;
  const okm = hkdf(dh, rootKey, 'WhisperRatchet', 64);
  return { rootKey: okm.subarray(0, 32), chainKey: { key: okm.subarray(32, 64), index: 0 } };
}
