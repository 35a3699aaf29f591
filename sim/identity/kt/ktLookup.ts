import type { SimTime } from '../../core/index.ts';
import { formatIdentifier, type Identifier } from '../identifier.ts';
import type { KeySource } from '../keys/keySource.ts';
import type { ProviderId } from '../providerId.ts';
import type { KtKeyRecord } from './ktKeyRecord.ts';
import { headAt, type KtLog } from './ktLog.ts';
import { inclusionProof } from './merkle/inclusionProof.ts';

export type KtLookup =
  | { readonly kind: 'found'; readonly record: KtKeyRecord; readonly index: number }
  /** `no-tree-head`: nothing published yet; `not-logged`: no binding for the identity in the latest head. */
  | { readonly kind: 'absent'; readonly reason: 'no-tree-head' | 'not-logged' };

/**
 * The identity's current key as of the newest head published at or before `at`: its latest binding in
 * that head, with an inclusion proof against it. A key appended after that head is not served yet: a
 * key is provable only from the next epoch (the publication latency KT trades for verifiability).
 */
export function lookupKey(log: KtLog, identity: Identifier, at: SimTime): KtLookup {
  const head = headAt(log, at);
  if (head === undefined) return { kind: 'absent', reason: 'no-tree-head' };
  const indices = log.byIdentity.get(formatIdentifier(identity)) ?? [];
  let index = -1;
  for (let i = indices.length - 1; i >= 0 && index < 0; i--) if (indices[i]! < head.treeSize) index = indices[i]!;
  if (index < 0) return { kind: 'absent', reason: 'not-logged' };
  const b = log.entries.at(index)!;
  const record: KtKeyRecord = {
    identity: b.identity,
    provider: log.provider,
    signatureKey: b.signatureKey,
    keyPackageRefs: [],
    publishedAt: b.issuedAt,
    attestation: undefined,
    transparency: { head, proof: inclusionProof(log.tree, index, head.treeSize) },
  };
  return { kind: 'found', record, index };
}

/** A `KeySource` over the KT logs of several providers, routing each lookup to the identity's home. */
export function ktKeySource(logs: ReadonlyMap<ProviderId, KtLog>, homeOf: (identity: Identifier) => ProviderId | undefined): KeySource {
  return {
    name: 'key-transparency',
    lookupKey(identity, at) {
      const home = homeOf(identity);
      const log = home === undefined ? undefined : logs.get(home);
      const found = log === undefined ? undefined : lookupKey(log, identity, at);
      return found?.kind === 'found' ? found.record : undefined;
    },
  };
}
