// Payloads whose bytes are completed when first read by anyone but their sender. A device publishes
// each KeyPackage with its keys and signatures still to compute (sim/mls MintedKeyPackage: the length
// and the public fields are final) and most are never claimed; the directory builds one when it hands
// it out. The envelope carries the array itself, so every holder sees the real bytes once completed.
// The network completes a payload before a link interceptor (an on-path party that may read or alter
// it) sees it. Arrival observers, like the trace, see payloads as sent (lengths and headers are
// final); one that reads the bytes of a deferred payload completes it first.
//
// A deferred payload is a range of bytes of a buffer: any array viewing exactly that range (the
// sender's, or the same part read again from its upload) completes it. Ranges are kept by the buffer
// they are in, then by their offset: an upload and its parts share one buffer (and uploads share
// slabs, sim/actors/keyPackageUpload.ts), so one weak entry serves them all and no array is needed
// to defer a range.

import { forgetPayloadHash } from './payloadHash.ts';

/**
 * Completes the bytes of one deferred range, in place, given an array viewing exactly that range and
 * the argument it was deferred with (one shared function can complete many ranges: no closure each).
 */
export type Completion<A = undefined> = (payload: Uint8Array, arg: A) => void;

interface Deferred {
  readonly length: number;
  readonly complete: Completion<unknown>;
  readonly arg: unknown;
  /** Another range deferred at the same offset (of another length). */
  next: Deferred | undefined;
}

/**
 * A buffer's deferred ranges, by offset: offsets ascending, each with its ranges (undefined once all
 * are completed). Ranges are mostly deferred in ascending order (uploads cut one after another from a
 * slab, an upload's whole range before its parts), so deferring one appends, with no hashing.
 */
interface Ranges {
  readonly offsets: number[];
  readonly at: (Deferred | undefined)[];
  live: number;
}

const pending = new WeakMap<ArrayBufferLike, Ranges>();

/** `payload` is not final yet: `complete` fills it in, in place and at the same length, when first needed. */
export function deferPayload(payload: Uint8Array, complete: Completion): void {
  deferRange(payload, 0, payload.length, complete);
}

/** `deferPayload` for the bytes of `within` from `start` to `end`, without making an array of them; `complete` is called with `arg`. */
export function deferRange<A>(within: Uint8Array, start: number, end: number, complete: Completion<A>, arg?: A): void {
  const buffer = within.buffer;
  let r = pending.get(buffer);
  if (r === undefined) pending.set(buffer, (r = { offsets: [], at: [], live: 0 }));
  const at = within.byteOffset + start;
  const d: Deferred = { length: end - start, complete: complete as Completion<unknown>, arg, next: undefined };
  const { offsets } = r;
  const n = offsets.length;
  if (n === 0 || offsets[n - 1]! < at) {
    offsets.push(at);
    r.at.push(d);
    r.live++;
    return;
  }
  const i = indexOf(offsets, at);
  if (offsets[i] === at) {
    d.next = r.at[i];
    if (d.next === undefined) r.live++;
    r.at[i] = d;
  } else {
    offsets.splice(i, 0, at);
    r.at.splice(i, 0, d);
    r.live++;
  }
}

/** The first index whose offset is at or above `at`. */
function indexOf(offsets: readonly number[], at: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Makes a deferred payload final (once); any other array is returned as it is. */
export function completePayload(payload: Uint8Array): Uint8Array {
  const r = pending.get(payload.buffer);
  if (r === undefined) return payload;
  const at = payload.byteOffset;
  const i = indexOf(r.offsets, at);
  if (r.offsets[i] !== at) return payload;
  let d = r.at[i];
  let before: Deferred | undefined;
  while (d !== undefined && d.length !== payload.length) {
    before = d;
    d = d.next;
  }
  if (d === undefined) return payload;
  if (before !== undefined) before.next = d.next;
  else {
    r.at[i] = d.next;
    if (d.next === undefined && --r.live === 0) pending.delete(payload.buffer);
  }
  d.complete(payload, d.arg);
  forgetPayloadHash(payload); // sent again (a retransmission), it is hashed as it now is
  return payload;
}
