import type { PreKeyBundle, PreKeyUpload, PublicPreKey, SignedPublicPreKey } from '../../signal/engine.ts';
import { frameAll, unframeAll } from '../framing.ts';

/**
 * The bytes a provider's directory stores and serves for one Signal device: one prekey bundle. The
 * directory is the KeyPackage directory (claim-once entries plus one reusable last-resort entry), so a
 * fresh bundle carries a one-time prekey and a one-time Kyber prekey, the last-resort bundle neither.
 */
export function bundlesOf(upload: PreKeyUpload, deviceId: number): { fresh: Uint8Array[]; lastResort: Uint8Array } {
  const base = { identityKey: upload.identityKey, registrationId: upload.registrationId, deviceId, signedPreKey: upload.signedPreKey };
  const fresh = upload.oneTimePreKeys.map((oneTimePreKey, i) => encodeBundle({ ...base, oneTimePreKey, kyberPreKey: upload.kyberPreKeys[i] ?? upload.lastResortKyberPreKey }));
  return { fresh, lastResort: encodeBundle({ ...base, kyberPreKey: upload.lastResortKyberPreKey }) };
}

const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};
const num = (b: Uint8Array | undefined): number => (b === undefined || b.length !== 4 ? -1 : new DataView(b.buffer, b.byteOffset, 4).getUint32(0));
const pre = (k: PublicPreKey): Uint8Array[] => [u32(k.id), k.publicKey];
const signed = (k: SignedPublicPreKey): Uint8Array[] => [...pre(k), k.signature];

export function encodeBundle(b: PreKeyBundle): Uint8Array {
  const otk = b.oneTimePreKey === undefined ? [] : pre(b.oneTimePreKey);
  return frameAll([b.identityKey, u32(b.registrationId), u32(b.deviceId), frameAll(signed(b.signedPreKey)), frameAll(signed(b.kyberPreKey)), frameAll(otk)]);
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
