import { createHash } from 'node:crypto';

/** libsignal's iteration count for displayable fingerprints (the apps use 5200) and fingerprint version 0. */
export const SAFETY_NUMBER_ITERATIONS = 5200;

/**
 * One party's half: SHA-512 over version (u16 0) || identity key || stable identifier || identity key,
 * then iterated as hash(previous || identity key); the first 30 bytes as six groups of five digits
 * (each 5-byte big-endian chunk mod 100000). As libsignal's NumericFingerprintGenerator.
 */
export function fingerprintHalf(identityKey: Uint8Array, stableId: Uint8Array, iterations = SAFETY_NUMBER_ITERATIONS): string {
  let h = createHash('sha512').update(new Uint8Array([0, 0])).update(identityKey).update(stableId).update(identityKey).digest();
  for (let i = 1; i < iterations; i++) h = createHash('sha512').update(h).update(identityKey).digest();
  let out = '';
  for (let i = 0; i < 30; i += 5) {
    const chunk = h.subarray(i, i + 5).reduce((n, b) => n * 256 + b, 0);
    out += String(chunk % 100000).padStart(5, '0');
  }
  return out;
}

/**
 * The 60-digit safety number two people compare (Signal's displayable fingerprint): both halves, the
 * smaller first, so both sides display the same digits. Equal numbers mean each side holds the
 * other's genuine identity key.
 */
export function safetyNumber(local: { readonly identityKey: Uint8Array; readonly stableId: Uint8Array }, remote: { readonly identityKey: Uint8Array; readonly stableId: Uint8Array }, iterations = SAFETY_NUMBER_ITERATIONS): string {
  const a = fingerprintHalf(local.identityKey, local.stableId, iterations);
  const b = fingerprintHalf(remote.identityKey, remote.stableId, iterations);
  return a <= b ? a + b : b + a;
}
