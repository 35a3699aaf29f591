import * as crypto from 'node:crypto';

/** node:crypto's one-shot `hash` (Node 20.12+), else a Hash object: the same SHA-256. */
const sha256Hex: (data: Uint8Array) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(alg: string, data: Uint8Array, enc: 'hex'): string }).hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

// A fan-out sends one payload object to every recipient and every hop handles it again: it is hashed
// once. Payloads are not written after they are sent (an interceptor that alters bytes sends a copy),
// except a deferred one when it is completed in place (lazyPayload.ts), which forgets its hash then.
const known = new WeakMap<Uint8Array, string>();

/** `payload`'s bytes changed in place (a deferred payload completed): its next send hashes them again. */
export function forgetPayloadHash(payload: Uint8Array): void {
  known.delete(payload);
}

/** First 16 bytes of SHA-256 of the payload, hex: what puts the ciphertext itself under the trace digest. */
export function payloadHash(payload: Uint8Array): string {
  let h = known.get(payload);
  if (h === undefined) known.set(payload, (h = sha256Hex(payload).slice(0, 32)));
  return h;
}
