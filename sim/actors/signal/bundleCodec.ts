import type { PreKeyBundle, PreKeyUpload, PublicPreKey, SignedPublicPreKey } from '../../signal/engine.ts';
import { getU32, putU32 } from '../framing.ts';

/**
 * The bytes a provider's directory stores and serves for one Signal device: one prekey bundle. The
 * directory is the KeyPackage directory (claim-once entries plus one reusable last-resort entry), so a
 * fresh bundle carries a one-time prekey and a one-time Kyber prekey, the last-resort bundle neither.
 */
export function bundlesOf(upload: PreKeyUpload, deviceId: number): { fresh: Uint8Array[]; lastResort: Uint8Array } {
  return { fresh: freshBundles(upload, deviceId), lastResort: lastResortBundle(upload, deviceId) };
}

/** The fresh bundles alone (a replenishment uploads only those). */
export function freshBundles(upload: PreKeyUpload, deviceId: number): Uint8Array[] {
  return upload.oneTimePreKeys.map((oneTimePreKey, i) =>
    encodeBundle({ identityKey: upload.identityKey, registrationId: upload.registrationId, deviceId, signedPreKey: upload.signedPreKey, oneTimePreKey, kyberPreKey: upload.kyberPreKeys[i] ?? upload.lastResortKyberPreKey }),
  );
}

/** The last-resort bundle alone (a rotation uploads only that). */
export function lastResortBundle(upload: PreKeyUpload, deviceId: number): Uint8Array {
  return encodeBundle({ identityKey: upload.identityKey, registrationId: upload.registrationId, deviceId, signedPreKey: upload.signedPreKey, kyberPreKey: upload.lastResortKyberPreKey });
}


/**
 * A bundle as nested frames (sim/actors/framing.ts): identity key, registration id, device id, then the
 * signed prekey, the Kyber prekey and the one-time prekey (or nothing) each as a framed list of id, public
 * key and signature. Written in one pass into one array: the same bytes as framing each level.
 */
export function encodeBundle(b: PreKeyBundle): Uint8Array {
  const { identityKey, signedPreKey: s, kyberPreKey: k, oneTimePreKey: t } = b;
  const oneTimeLength = t === undefined ? 0 : keyLength(t);
  const out = new Uint8Array(4 + identityKey.length + 8 + 8 + 4 + signedLength(s) + 4 + signedLength(k) + 4 + oneTimeLength);
  let o = putU32(out, 0, identityKey.length);
  out.set(identityKey, o);
  o = putU32(out, o + identityKey.length, 4);
  o = putU32(out, o, b.registrationId);
  o = putU32(out, o, 4);
  o = putU32(out, o, b.deviceId);
  o = putSigned(out, o, s);
  o = putSigned(out, o, k);
  o = putU32(out, o, oneTimeLength);
  if (t !== undefined) putKey(out, o, t);
  return out;
}

// Module-level helpers, not closures: under tsx every named closure made per call also costs a
// defineProperty (esbuild's keepNames), and bundles are encoded per replenishment.
const keyLength = (x: PublicPreKey): number => 8 + 4 + x.publicKey.length;
const signedLength = (x: SignedPublicPreKey): number => keyLength(x) + 4 + x.signature.length;

/** The id and public key frames of `x` at `o`; the offset after them. */
function putKey(out: Uint8Array, o: number, x: PublicPreKey): number {
  o = putU32(out, putU32(out, o, 4), x.id);
  o = putU32(out, o, x.publicKey.length);
  out.set(x.publicKey, o);
  return o + x.publicKey.length;
}

/** A signed prekey as one frame holding its id, public key and signature frames. */
function putSigned(out: Uint8Array, o: number, x: SignedPublicPreKey): number {
  o = putKey(out, putU32(out, o, signedLength(x)), x);
  o = putU32(out, o, x.signature.length);
  out.set(x.signature, o);
  return o + x.signature.length;
}

// Decoding reads the frames in place: where each of the first few frames lies goes into these
// offsets (start, end pairs), and only the fields of the bundle become views. Used synchronously.
const top = new Int32Array(12);
const nested = new Int32Array(6);

/**
 * Walks the frames of bytes[from, to), every one of them, and puts the spans of the first
 * `spans.length / 2` into `spans`; the number of frames, or -1 when a length runs past the end
 * (what `unframeAll` throws on).
 */
function frames(bytes: Uint8Array, from: number, to: number, spans: Int32Array): number {
  let n = 0;
  for (let o = from; o < to; n++) {
    if (o + 4 > to) return -1;
    const len = getU32(bytes, o);
    if (o + 4 + len > to) return -1;
    if (2 * n < spans.length) (spans[2 * n] = o + 4), (spans[2 * n + 1] = o + 4 + len);
    o += 4 + len;
  }
  return n;
}

/** The u32 in a 4-byte frame, -1 for a frame of another length. */
const num = (bytes: Uint8Array, spans: Int32Array, i: number): number => (spans[2 * i + 1]! - spans[2 * i]! === 4 ? getU32(bytes, spans[2 * i]!) : -1);
const view = (bytes: Uint8Array, spans: Int32Array, i: number): Uint8Array => bytes.subarray(spans[2 * i]!, spans[2 * i + 1]!);

function signedKey(bytes: Uint8Array, frame: number): SignedPublicPreKey | undefined {
  if (frames(bytes, top[2 * frame]!, top[2 * frame + 1]!, nested) !== 3) return undefined;
  return { id: num(bytes, nested, 0), publicKey: view(bytes, nested, 1), signature: view(bytes, nested, 2) };
}

/** A served bundle, or undefined when the bytes are not one (a directory that serves garbage):
 *  identity key, registration id, device id, signed prekey, Kyber prekey, one-time prekey list,
 *  then any further well-formed frames (ignored). */
export function decodeBundle(bytes: Uint8Array): PreKeyBundle | undefined {
  if (frames(bytes, 0, bytes.length, top) < 6) return undefined;
  const signedPreKey = signedKey(bytes, 3);
  const kyberPreKey = signedKey(bytes, 4);
  if (signedPreKey === undefined || kyberPreKey === undefined) return undefined;
  const oneTime = frames(bytes, top[10]!, top[11]!, nested);
  if (oneTime !== 0 && oneTime !== 2) return undefined;
  return {
    identityKey: view(bytes, top, 0),
    registrationId: num(bytes, top, 1),
    deviceId: num(bytes, top, 2),
    signedPreKey,
    kyberPreKey,
    ...(oneTime === 2 && { oneTimePreKey: { id: num(bytes, nested, 0), publicKey: view(bytes, nested, 1) } }),
  };
}
