// One upload of a device's key material for one suite (a `kp-publish` payload): its KeyPackages (or
// Signal prekey bundles) framed in one envelope, the last-resort one last, as a client uploads a
// batch to its provider's key service at start-up. A part may still be unbuilt (a minted KeyPackage,
// sim/net/lazyPayload.ts): each part is a deferred range of its own, completed in place inside the
// upload when the directory first hands it out, and the whole upload completes every part when anyone
// reads it on its way (a compromised server's tap, a link interceptor).
import { completePayload, deferRange, type Completion } from '../net/index.ts';
import { getU32, putU32, unframeAll } from './framing.ts';

/** One KeyPackage or bundle of an upload; `complete` writes its final bytes (same length) into `into`. */
export interface UploadPart {
  readonly bytes: Uint8Array;
  readonly complete?: Completion;
}

// Uploads are cut from shared slabs: a typed array of its own is a buffer outside V8's heap, which
// costs more to allocate and to collect than the upload costs to frame (thousands of idle devices
// each upload once). A slab lives while any upload in it does; the directory keeps them all anyway.
const SLAB_BYTES = 64 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function uploadBytes(n: number): Uint8Array {
  if (n > SLAB_BYTES / 4) return new Uint8Array(n);
  if (slabUsed + n > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, n);
  slabUsed += n;
  return out;
}

/**
 * Starts the next upload on a fresh slab (a run is over): the current slab is module state, and its
 * uploads' unclaimed KeyPackages hold their completions, and through them their run's devices.
 */
export function closeUploadSlab(): void {
  slab = new ArrayBuffer(0);
  slabUsed = 0;
}

/** The upload's bytes: its parts framed (sim/actors/framing.ts, `frameAll`), the unbuilt ones deferred. */
export function packUpload(items: readonly UploadPart[]): Uint8Array {
  return pack(items, partBytes, partCompletion);
}

const partBytes = (p: UploadPart): Uint8Array => p.bytes;
const completePart: Completion<UploadPart> = (into, p) => p.complete!(into, undefined);
const partCompletion = (p: UploadPart): Completion<UploadPart> | undefined => (p.complete === undefined ? undefined : completePart);

/** A minted KeyPackage as an upload sees it: its bytes (final length), and whether they are final. */
export interface MintedPart {
  readonly keyPackage: Uint8Array;
  readonly built: boolean;
}

/**
 * `packUpload` of minted KeyPackages: each unbuilt one is deferred with itself as the argument of the
 * shared `complete` (no part object or closure per KeyPackage). Same bytes, same deferred ranges.
 */
export function packMinted<T extends MintedPart>(mints: readonly T[], complete: Completion<T>): Uint8Array {
  return pack(mints, mintedBytes, (m) => (m.built ? undefined : complete));
}

const mintedBytes = (m: MintedPart): Uint8Array => m.keyPackage;

/**
 * Frames `items` into one upload; an item with a completion is a deferred range of its own (completed
 * with the item as its argument), and then the whole upload is deferred too, before its parts (ranges
 * deferred in ascending offsets: lazyPayload.ts appends them).
 */
function pack<T>(items: readonly T[], bytesOf: (item: T) => Uint8Array, completionOf: (item: T) => Completion<T> | undefined): Uint8Array {
  let total = 0;
  let deferred = false;
  for (let i = 0; i < items.length; i++) {
    total += 4 + bytesOf(items[i]!).length;
    if (completionOf(items[i]!) !== undefined) deferred = true;
  }
  const upload = uploadBytes(total);
  if (deferred) deferRange(upload, 0, total, completeParts);
  let o = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const bytes = bytesOf(item);
    o = putU32(upload, o, bytes.length);
    upload.set(bytes, o);
    const complete = completionOf(item);
    if (complete !== undefined) deferRange(upload, o, o + bytes.length, complete, item);
    o += bytes.length;
  }
  return upload;
}

/** The whole upload read: every part still deferred is completed. */
function completeParts(upload: Uint8Array): void {
  for (let o = 0; o < upload.length; ) {
    const n = getU32(upload, o);
    completePayload(upload.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
}

/**
 * The KeyPackages of an upload, in order, as views of its bytes (a part the directory completes is
 * completed in the upload too); undefined if the bytes are not a framed list (a forged or altered
 * upload).
 */
export function unpackUpload(upload: Uint8Array): readonly Uint8Array[] | undefined {
  try {
    return unframeAll(upload);
  } catch {
    return undefined;
  }
}

/**
 * How many KeyPackages an upload frames, without a view of any (a directory that reads them only when
 * one is first asked for, sim/actors/keyPackageDirectory.ts); undefined when `unpackUpload` would be.
 */
export function countUpload(upload: Uint8Array): number | undefined {
  let n = 0;
  for (let o = 0; o < upload.length; n++) {
    if (o + 4 > upload.length) return undefined;
    o += 4 + getU32(upload, o);
    if (o > upload.length) return undefined;
  }
  return n;
}
