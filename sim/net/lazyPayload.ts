// Payloads whose bytes are completed when first read by anyone but their sender. A device publishes
// each KeyPackage with its keys and signatures still to compute (sim/mls MintedKeyPackage: the length
// and the public fields are final) and most are never claimed; the directory builds one when it hands
// it out. The envelope carries the array itself, so every holder sees the real bytes once completed.
// The network completes a payload before a link interceptor (an on-path party that may read or alter
// it) sees it. Arrival observers, like the trace, see payloads as sent (lengths and headers are
// final); one that reads the bytes of a deferred payload completes it first.

import { forgetPayloadHash } from './payloadHash.ts';

// Deferred payloads by the buffer they are views of, each list [payload, complete, payload, complete,
// ...]: an upload and its parts share one buffer, so one weak entry serves them all (a weak entry per
// part cost more than the rest of the deferral).
const pending = new WeakMap<ArrayBufferLike, (Uint8Array | (() => void))[]>();

/** `payload` is not final yet: `complete` fills it in, in place and at the same length, when first needed. */
export function deferPayload(payload: Uint8Array, complete: () => void): void {
  const list = pending.get(payload.buffer);
  if (list === undefined) pending.set(payload.buffer, [payload, complete]);
  else list.push(payload, complete);
}

/** Makes a deferred payload final (once); any other array is returned as it is. */
export function completePayload(payload: Uint8Array): Uint8Array {
  const list = pending.get(payload.buffer);
  if (list === undefined) return payload;
  const k = list.indexOf(payload); // a payload sits at an even index, its completion after it
  if (k < 0) return payload;
  const complete = list[k + 1] as () => void;
  list.splice(k, 2);
  if (list.length === 0) pending.delete(payload.buffer);
  complete();
  forgetPayloadHash(payload); // sent again (a retransmission), it is hashed as it now is
  return payload;
}
