// One upload of a device's key material for one suite (a `kp-publish` payload): its KeyPackages (or
// Signal prekey bundles) framed in one envelope, the last-resort one last, as a client uploads a
// batch to its provider's key service at start-up. A part may still be unbuilt (a minted KeyPackage,
// sim/net/lazyPayload.ts): each part is a deferred payload of its own, completed in place inside the
// upload when the directory first hands it out, and the whole upload completes every part when anyone
// reads it on its way (a compromised server's tap, a link interceptor).
import { completePayload, deferPayload } from '../net/index.ts';
import { frameAllWithViews, unframeAll } from './framing.ts';

/** One KeyPackage or bundle of an upload; `complete` writes its final bytes (same length) into `into`. */
export interface UploadPart {
  readonly bytes: Uint8Array;
  readonly complete?: (into: Uint8Array) => void;
}

/** The parts of each upload made here, as views of its bytes (the same bytes `unframeAll` reads). */
const parts = new WeakMap<Uint8Array, readonly Uint8Array[]>();

/** The upload's bytes: its parts framed (sim/actors/framing.ts), the unbuilt ones deferred. */
export function packUpload(items: readonly UploadPart[]): Uint8Array {
  const { bytes: upload, views } = frameAllWithViews(items.map((p) => p.bytes));
  let pending: Uint8Array[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const complete = items[i]!.complete;
    if (complete === undefined) continue;
    const view = views[i]!;
    deferPayload(view, () => complete(view));
    (pending ??= []).push(view);
  }
  if (pending !== undefined) deferPayload(upload, completeAll(pending));
  parts.set(upload, views);
  return upload;
}

function completeAll(views: readonly Uint8Array[]): () => void {
  return () => {
    for (const v of views) completePayload(v);
  };
}

/**
 * The KeyPackages of an upload, in order; undefined if the bytes are not a framed list (a forged or
 * altered upload). An upload as its sender made it yields its own parts, so a part the directory
 * completes is completed in the upload too.
 */
export function unpackUpload(upload: Uint8Array): readonly Uint8Array[] | undefined {
  const known = parts.get(upload);
  if (known !== undefined) return known;
  try {
    return unframeAll(upload);
  } catch {
    return undefined;
  }
}
