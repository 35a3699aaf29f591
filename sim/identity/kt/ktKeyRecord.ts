import type { KeyRecord } from '../keys/keyRecord.ts';
import type { InclusionProof } from './merkle/inclusionProof.ts';
import type { SignedTreeHead } from './treeHead.ts';

/** Why a client should believe a key is logged: a signed tree head and the key's audit path in it. */
export interface KtEvidence {
  readonly head: SignedTreeHead;
  readonly proof: InclusionProof;
}

/**
 * A `KeyRecord` carrying key-transparency evidence, as `attestation` carries a provider signature. It is
 * a `KeyRecord`, so it travels through every `KeySource` and `KeyObservation` unchanged.
 */
export interface KtKeyRecord extends KeyRecord {
  readonly transparency: KtEvidence | undefined;
}

export const withTransparency = (record: KeyRecord, evidence: KtEvidence | undefined): KtKeyRecord => ({ ...record, transparency: evidence });

/** The evidence a record carries, if any (a plain `KeyRecord` carries none). */
export const transparencyOf = (record: KeyRecord): KtEvidence | undefined => (record as Partial<KtKeyRecord>).transparency;
