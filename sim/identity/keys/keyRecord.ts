import type { SimTime } from '../../core/index.ts';
import type { Identifier } from '../identifier.ts';
import type { ProviderId } from '../providerId.ts';
import type { Attestation } from './attestation.ts';

/** One published key of one identity: its MLS credential signature key and the key packages it offers. */
export interface KeyRecord {
  readonly identity: Identifier;
  /** The provider whose directory holds the record. */
  readonly provider: ProviderId;
  readonly signatureKey: Uint8Array;
  /** References (RFC 9420 §5.2 KeyPackageRef) to the key packages published with this key. */
  readonly keyPackageRefs: readonly Uint8Array[];
  readonly publishedAt: SimTime;
  readonly attestation: Attestation | undefined;
}
