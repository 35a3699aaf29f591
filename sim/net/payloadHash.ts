import * as crypto from 'node:crypto';

/** node:crypto's one-shot `hash` (Node 20.12+), else a Hash object: the same SHA-256. */
const sha256Hex: (data: Uint8Array) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(alg: string, data: Uint8Array, enc: 'hex'): string }).hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

// A fan-out sends one payload object to every recipient and every hop handles it again: it is hashed
// once. Payloads are not written after they are sent (an interceptor that alters bytes sends a copy),
// except a deferred one when it is completed in place (lazyPayload.ts), which forgets its hash then.
//
// The payloads hashed last are remembered in a small ring, compared by identity: a fan-out asks for
// one payload many times in a row. Only a payload asked for again is kept in the weak map, for
// later copies (store-and-forward, relays): most payloads are sent once (an idle device's upload, a
// commit), and a weak entry costs about as much as hashing a short payload.
const RECENT = 16;
const recent: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(RECENT).fill(undefined);
const recentHash: string[] = new Array<string>(RECENT).fill('');
/** Whether the payload at that place in the ring is in `known` too. */
const recentKnown: boolean[] = new Array<boolean>(RECENT).fill(false);
let oldest = 0;
const known = new WeakMap<Uint8Array, string>();

/** `payload`'s bytes changed in place (a deferred payload completed): its next send hashes them again. */
export function forgetPayloadHash(payload: Uint8Array): void {
  known.delete(payload);
  for (let i = 0; i < RECENT; i++) if (recent[i] === payload) recent[i] = undefined;
}

/**
 * Empties the ring of payloads hashed last (a run is over): the ring is module state, and a payload
 * it holds can hold its run's whole world alive (a KeyPackage upload still to be completed holds its
 * completions, and through them the device that minted it). Hashes are only ever recomputed.
 */
export function forgetRecentPayloads(): void {
  for (let i = 0; i < RECENT; i++) {
    recent[i] = undefined;
    recentHash[i] = '';
    recentKnown[i] = false;
  }
  oldest = 0;
}

/** First 16 bytes of SHA-256 of the payload, hex: what puts the ciphertext itself under the trace digest. */
export function payloadHash(payload: Uint8Array): string {
  for (let i = 0; i < RECENT; i++) {
    if (recent[i] !== payload) continue;
    const h = recentHash[i]!;
    if (!recentKnown[i]) {
      known.set(payload, h);
      recentKnown[i] = true;
    }
    return h;
  }
  let h = known.get(payload);
  const wasKnown = h !== undefined;
  if (h === undefined) h = sha256Hex(payload).slice(0, 32);
  recent[oldest] = payload;
  recentHash[oldest] = h;
  recentKnown[oldest] = wasKnown;
  oldest = (oldest + 1) % RECENT;
  return h;
}
