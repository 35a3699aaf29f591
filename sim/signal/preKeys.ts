// A device's private prekeys and the public upload for its directory (PQXDH spec §3.2): one signed
// Curve25519 prekey (several kept across rotations), one-time Curve25519 prekeys, one-time Kyber
// prekeys and a last-resort Kyber prekey, each Kyber and signed prekey signed with XEdDSA. A client
// replaces its spent one-time prekeys as they go and rotates the signed and last-resort prekeys on a
// schedule, so an upload may add one-time prekeys alone (it then carries the current signed ones).
import type { PreKeyOptions, PreKeyUpload, PublicPreKey, SignedPublicPreKey } from './engine.ts';
import type { IdentityData } from './identity.ts';
import { kemKeyPair, type KemKeyPair } from './kem.ts';
import { x25519FromPrivate, type X25519KeyPair } from './primitives.ts';
import { serializePublic } from './publicKey.ts';
import { xeddsaSign } from './xeddsa.ts';

export interface PreKeyData {
  readonly signed: ReadonlyMap<number, X25519KeyPair>;
  readonly oneTime: ReadonlyMap<number, X25519KeyPair>;
  readonly kyber: ReadonlyMap<number, { readonly keyPair: KemKeyPair; readonly lastResort: boolean }>;
  /** The newest signed and last-resort Kyber prekeys as uploaded (an upload that rotates neither carries these). */
  readonly signedPreKey: SignedPublicPreKey | undefined;
  readonly lastResortKyberPreKey: SignedPublicPreKey | undefined;
}

export const EMPTY_PREKEYS: PreKeyData = { signed: new Map(), oneTime: new Map(), kyber: new Map(), signedPreKey: undefined, lastResortKyberPreKey: undefined };

function checkId(what: string, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffff) throw new RangeError(`${what}: expected a 24-bit id, got ${id}`);
}

export function createPreKeys(identity: IdentityData, options: PreKeyOptions, existing: PreKeyData): { data: PreKeyData; upload: PreKeyUpload } {
  const rnd = identity.randomBytes;
  const sign = (message: Uint8Array): Uint8Array => xeddsaSign(identity.signingKey, message, rnd(64));
  // The store is a value: a map this upload adds to is copied, the others are shared with `existing`.
  let signed = existing.signed;
  let signedPreKey = existing.signedPreKey;
  if (options.signedPreKeyId !== undefined) {
    checkId('signedPreKeyId', options.signedPreKeyId);
    const spk = x25519FromPrivate(rnd(32));
    const spkPublic = serializePublic(spk.publicKey);
    signedPreKey = { id: options.signedPreKeyId, publicKey: spkPublic, signature: sign(spkPublic) };
    signed = new Map(existing.signed).set(options.signedPreKeyId, spk);
  }
  if (signedPreKey === undefined) throw new RangeError('signedPreKeyId: required when the store has no signed prekey yet');
  if (options.lastResortKyberPreKeyId === undefined && existing.lastResortKyberPreKey === undefined)
    throw new RangeError('lastResortKyberPreKeyId: required when the store has no last-resort Kyber prekey yet');
  const oneTimeIds = options.oneTimePreKeyIds ?? [];
  const oneTime = oneTimeIds.length > 0 ? new Map(existing.oneTime) : undefined;
  const oneTimePreKeys: PublicPreKey[] = [];
  for (const id of oneTimeIds) {
    checkId('oneTimePreKeyIds', id);
    const kp = x25519FromPrivate(rnd(32));
    oneTime!.set(id, kp);
    oneTimePreKeys.push({ id, publicKey: serializePublic(kp.publicKey) });
  }
  const kyberIds = options.kyberPreKeyIds ?? [];
  const kyber = kyberIds.length > 0 || options.lastResortKyberPreKeyId !== undefined ? new Map(existing.kyber) : undefined;
  const kyberKey = (id: number, lastResort: boolean): SignedPublicPreKey => {
    checkId(lastResort ? 'lastResortKyberPreKeyId' : 'kyberPreKeyIds', id);
    const keyPair = kemKeyPair(rnd(64));
    kyber!.set(id, { keyPair, lastResort });
    return { id, publicKey: keyPair.publicKey, signature: sign(keyPair.publicKey) };
  };
  const kyberPreKeys = kyberIds.map((id) => kyberKey(id, false));
  const lastResortKyberPreKey = options.lastResortKyberPreKeyId !== undefined ? kyberKey(options.lastResortKyberPreKeyId, true) : existing.lastResortKyberPreKey!;
  return {
    data: { signed, oneTime: oneTime ?? existing.oneTime, kyber: kyber ?? existing.kyber, signedPreKey, lastResortKyberPreKey },
    upload: { identityKey: identity.publicKey, registrationId: identity.registrationId, signedPreKey, oneTimePreKeys, kyberPreKeys, lastResortKyberPreKey },
  };
}
