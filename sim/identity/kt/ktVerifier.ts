import { elapsed, type Duration } from '../../core/index.ts';
import { sameIdentifier } from '../identifier.ts';
import type { ProviderTrustStore } from '../keys/attestation.ts';
import type { KeyObservation } from '../keys/keyVerifier.ts';
import { PersistentMap } from '../persistentMap.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';
import { bindingLeafHash } from './bindingLeaf.ts';
import { transparencyOf } from './ktKeyRecord.ts';
import { verifyInclusion } from './merkle/inclusionProof.ts';
import { verifyTreeHead, type SignedTreeHead } from './treeHead.ts';

export type KtRejectReason =
  | 'identity-mismatch' // the record is for someone else
  | 'unlogged' // no inclusion evidence: a key served without being logged
  | 'wrong-provider' // a head of another log than the contact's home's
  | 'unknown-provider' // no trusted key for the home provider
  | 'bad-tree-head' // the head's signature does not verify under the home's key
  | 'bad-inclusion-proof' // the key (identity, key, home, time) is not in the signed tree
  | 'stale-tree-head'; // the head is older than `maxHeadAge`

export type KtVerdict = { readonly kind: 'accepted'; readonly basis: 'logged' } | { readonly kind: 'rejected'; readonly reason: KtRejectReason };

export interface KtVerifierOptions {
  /** Raw Ed25519 public keys of the providers whose logs are trusted to sign tree heads. */
  readonly trust: ProviderTrustStore;
  /** Reject heads older than this at verification time (absent: any age). */
  readonly maxHeadAge?: Duration;
}

/**
 * Shaped as a `KeyVerifier` (sim/identity/keys/keyVerifier.ts) with mode `key-transparency`; it becomes
 * one once that file's `VerificationMode`, `RejectReason` and accepted `basis` admit KT's values.
 */
export interface KtVerifier {
  readonly mode: 'key-transparency';
  /** The newest head it relied on per provider: what a client gossips to auditors to expose a split view. */
  readonly seen: PersistentMap<ProviderId, SignedTreeHead>;
  verify(o: KeyObservation): { readonly verdict: KtVerdict; readonly verifier: KtVerifier };
}

function judge(options: KtVerifierOptions, o: KeyObservation): KtVerdict {
  const reject = (reason: KtRejectReason): KtVerdict => ({ kind: 'rejected', reason });
  const { record } = o;
  if (!sameIdentifier(record.identity, o.contact)) return reject('identity-mismatch');
  const evidence = transparencyOf(record);
  if (evidence === undefined) return reject('unlogged');
  const { head, proof } = evidence;
  // Only the contact's home log can vouch for the contact: another log's valid head proves nothing.
  if (head.provider !== o.home) return reject('wrong-provider');
  const key = options.trust.get(o.home);
  if (key === undefined) return reject('unknown-provider');
  if (!verifyTreeHead(key, head)) return reject('bad-tree-head');
  if (options.maxHeadAge !== undefined && elapsed(head.publishedAt, o.at) > options.maxHeadAge) return reject('stale-tree-head');
  // The leaf is recomputed from what the client will use: any other key, identity, home or time misses.
  const leaf = bindingLeafHash({ identity: o.contact, signatureKey: record.signatureKey, provider: o.home, issuedAt: record.publishedAt });
  if (proof.treeSize !== head.treeSize || !verifyInclusion(leaf, proof, head.rootHash)) return reject('bad-inclusion-proof');
  return { kind: 'accepted', basis: 'logged' };
}

/**
 * Key transparency on the client: a key is accepted only with a valid inclusion proof against a tree
 * head signed by the contact's home provider. A provider that serves a substitute without logging it is
 * refused here; one that logs it is seen by the owner's monitor (ktMonitor.ts). Plain Merkle logs
 * cannot prove a binding is the identity's latest: an old logged key passes (see README).
 */
export function ktVerifier(options: KtVerifierOptions): KtVerifier {
  if (!(options.trust instanceof Map)) throw new TypeError(`key-transparency.trust: expected a Map, got ${describe(options.trust)}`);
  if (options.maxHeadAge !== undefined && (!Number.isSafeInteger(options.maxHeadAge) || options.maxHeadAge < 0)) {
    throw new RangeError(`key-transparency.maxHeadAge: expected a non-negative integer duration, got ${describe(options.maxHeadAge)}`);
  }
  return withSeen(options, PersistentMap.empty());
}

function withSeen(options: KtVerifierOptions, seen: PersistentMap<ProviderId, SignedTreeHead>): KtVerifier {
  const self: KtVerifier = {
    mode: 'key-transparency',
    seen,
    verify(o) {
      const verdict = judge(options, o);
      const head = transparencyOf(o.record)?.head;
      if (verdict.kind !== 'accepted' || head === undefined) return { verdict, verifier: self };
      const prior = seen.get(head.provider);
      // Keep the first head seen per epoch: a second, different one is for auditors, not to overwrite.
      const newer = prior === undefined || head.epoch > prior.epoch;
      return { verdict, verifier: newer ? withSeen(options, seen.set(head.provider, head)) : self };
    },
  };
  return self;
}
