import * as crypto from 'node:crypto';

/** node:crypto's one-shot `hash` (Node 20.12+), else a Hash object: the same SHA-256. */
const sha256Hex: (data: Uint8Array) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(alg: string, data: Uint8Array, enc: 'hex'): string }).hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

// A fan-out sends one payload object to every recipient and every hop handles it again: it is hashed
// once. Payloads are never written after they are sent (an interceptor that alters bytes sends a copy).
const known = new WeakMap<Uint8Array, string>();

/** First 16 bytes of SHA-256 of the payload, hex: what puts the ciphertext itself under the trace digest. */
export function payloadHash(payload: Uint8Array): string {
  let h = known.get(payload);
  if (h === undefined) known.set(payload, (h = sha256Hex(payload).slice(0, 32)));
  return h;
}
