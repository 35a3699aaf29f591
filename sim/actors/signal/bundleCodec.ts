import type { PreKeyBundle, PreKeyUpload, PublicPreKey, SignedPublicPreKey } from '../../signal/engine.ts';
import { getU32, putU32, unframeAll } from '../framing.ts';

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

const num = (b: Uint8Array | undefined): number => (b === undefined || b.length !== 4 ? -1 : getU32(b, 0));

/**
 * A bundle as nested frames (sim/actors/framing.ts): identity key, registration id, device id, then the
 * signed prekey, the Kyber prekey and the one-time prekey (or nothing) each as a framed list of id, public
 * key and signature. Written in one pass into one array: the same bytes as framing each level.
 */
export function encodeBundle(b: PreKeyBundle): Uint8Array {
  const { identityKey, signedPreKey: s, kyberPreKey: k, oneTimePreKey: t } = b;
  const signedLength = (x: SignedPublicPreKey): number => 8 + 4 + x.publicKey.length + 4 + x.signature.length;
  const oneTimeLength = t === undefined ? 0 : 8 + 4 + t.publicKey.length;
  const out = new Uint8Array(4 + identityKey.length + 8 + 8 + 4 + signedLength(s) + 4 + signedLength(k) + 4 + oneTimeLength);
  let o = putU32(out, 0, identityKey.length);
  out.set(identityKey, o);
  o = putU32(out, o + identityKey.length, 4);
  o = putU32(out, o, b.registrationId);
  o = putU32(out, o, 4);
  o = putU32(out, o, b.deviceId);
  const key = (x: PublicPreKey): void => {
    o = putU32(out, putU32(out, o, 4), x.id);
    o = putU32(out, o, x.publicKey.length);
    out.set(x.publicKey, o);
    o += x.publicKey.length;
  };
  for (const x of [s, k]) {
    o = putU32(out, o, signedLength(x));
    key(x);
    o = putU32(out, o, x.signature.length);
    out.set(x.signature, o);
    o += x.signature.length;
  }
  o = putU32(out, o, oneTimeLength);
  if (t !== undefined) key(t);
  return out;
}

/** A served bundle, or undefined when the bytes are not one (a directory that serves garbage). */
export function decodeBundle(bytes: Uint8Array): PreKeyBundle | undefined {
  try {
    const [identityKey, reg, dev, spk, kyber, otk] = unframeAll(bytes);
    if (identityKey === undefined || spk === undefined || kyber === undefined || otk === undefined) return undefined;
    const s = unframeAll(spk), k = unframeAll(kyber), o = unframeAll(otk);
    if (s.length !== 3 || k.length !== 3 || (o.length !== 0 && o.length !== 2)) return undefined;
    return {
      identityKey,
      registrationId: num(reg),
      deviceId: num(dev),
      signedPreKey: { id: num(s[0]), publicKey: s[1]!, signature: s[2]! },
      kyberPreKey: { id: num(k[0]), publicKey: k[1]!, signature: k[2]! },
      ...(o.length === 2 && { oneTimePreKey: { id: num(o[0]), publicKey: o[1]! } }),
    };
  } catch {
    return undefined;
  }
}
