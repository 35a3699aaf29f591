import type { Duration, SimTime } from '../../core/index.ts';
import type { Identifier } from '../identifier.ts';
import type { ProviderId } from '../providerId.ts';
import type { ProviderTrustStore } from './attestation.ts';
import type { KeyRecord } from './keyRecord.ts';

/** A client seeing a contact's key, as returned by some `KeySource`. */
export interface KeyObservation {
  readonly viewer: string;
  readonly contact: Identifier;
  /** The provider the viewer believes is the contact's home (from resolution). */
  readonly home: ProviderId;
  readonly record: KeyRecord;
  readonly at: SimTime;
}

export type RejectReason =
  | 'identity-mismatch' // the record is for someone else
  | 'no-attestation'
  | 'wrong-provider' // attested, but not by the contact's home provider
  | 'unknown-provider' // no trusted key for the home provider
  | 'bad-signature'
  // Key transparency (sim/identity/kt): the key is not in the log, or the proof or tree head is bad.
  | 'unlogged'
  | 'bad-tree-head'
  | 'bad-inclusion-proof'
  | 'stale-tree-head';

export type KeyVerdict =
  | { readonly kind: 'accepted'; readonly basis: 'unverified' | 'first-use' | 'pinned' | 'attested' | 'logged' }
  /** The TOFU warning ("safety number changed"): a new device, or a substituted key. */
  | { readonly kind: 'key-changed'; readonly previous: Uint8Array; readonly presented: Uint8Array; readonly repinned: boolean }
  | { readonly kind: 'rejected'; readonly reason: RejectReason };

/** A verifier returns itself updated (TOFU pins) so runs stay values in, values out. */
export interface KeyVerifier {
  readonly mode: VerificationMode['kind'];
  verify(o: KeyObservation): { readonly verdict: KeyVerdict; readonly verifier: KeyVerifier };
}

/**
 * Trust baselines before key transparency. `tofu.onChange`: `repin` trusts the new key after warning
 * (what deployed messengers do); `keep-pin` warns on every use until the user re-verifies.
 */
export type VerificationMode =
  | { readonly kind: 'none' }
  | { readonly kind: 'tofu'; readonly onChange: 'repin' | 'keep-pin' }
  | { readonly kind: 'provider-attested'; readonly trust: ProviderTrustStore }
  /** Accept only keys proven in the contact's provider's KT log (inclusion proof against a signed head). */
  | { readonly kind: 'key-transparency'; readonly trust: ProviderTrustStore; readonly maxHeadAge?: Duration };

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
