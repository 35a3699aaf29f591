import type { SimTime } from '../../core/index.ts';
import { formatIdentifier, type Identifier } from '../identifier.ts';
import { PersistentMap } from '../persistentMap.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';
import { requireNotBefore } from '../registration.ts';
import { attestKey } from './attestation.ts';
import type { ProviderSigner } from './ed25519.ts';
import type { KeyRecord } from './keyRecord.ts';

/** One provider's directory of its users' keys, keeping every key each user has had. */
export interface KeyDirectory {
  readonly provider: ProviderId;
  readonly histories: PersistentMap<string, readonly KeyRecord[]>;
}

export interface KeyPublication {
  readonly identity: Identifier;
  readonly signatureKey: Uint8Array;
  readonly keyPackageRefs?: readonly Uint8Array[];
  readonly at: SimTime;
}

export const emptyKeyDirectory = (provider: ProviderId): KeyDirectory => ({ provider, histories: PersistentMap.empty() });

/** Publishes a (new) key; with a signer, the directory's provider attests the binding. Bytes are copied. */
export function publishKey(dir: KeyDirectory, pub: KeyPublication, signer?: ProviderSigner): KeyDirectory {
  if (!(pub.signatureKey instanceof Uint8Array)) throw new TypeError(`signatureKey: expected a Uint8Array, got ${describe(pub.signatureKey)}`);
  if (pub.signatureKey.length === 0) throw new RangeError('signatureKey: empty');
  if (signer !== undefined && signer.provider !== dir.provider) {
    throw new RangeError(`publishKey: ${signer.provider} cannot attest keys in the directory of ${dir.provider}`);
  }
  const key = formatIdentifier(pub.identity);
  const history = dir.histories.get(key) ?? [];
  requireNotBefore('publishKey', key, pub.at, history[history.length - 1]?.publishedAt);
  const signatureKey = pub.signatureKey.slice();
  const record: KeyRecord = {
    identity: pub.identity,
    provider: dir.provider,
    signatureKey,
    keyPackageRefs: (pub.keyPackageRefs ?? []).map((r) => r.slice()),
    publishedAt: pub.at,
    attestation: signer === undefined ? undefined : attestKey(signer, pub.identity, signatureKey, pub.at),
  };
  return { ...dir, histories: dir.histories.set(key, [...history, record]) };
}

export const keyHistory = (dir: KeyDirectory, identity: Identifier): readonly KeyRecord[] => dir.histories.get(formatIdentifier(identity)) ?? [];

/** The key in force at `at`: the latest published at or before it. */
export function currentKey(dir: KeyDirectory, identity: Identifier, at: SimTime): KeyRecord | undefined {
  const history = keyHistory(dir, identity);
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.publishedAt <= at) return history[i];
  return undefined;
}
