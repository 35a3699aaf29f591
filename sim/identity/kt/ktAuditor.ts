import { after, type Duration, type SimTime } from '../../core/index.ts';
import { PersistentMap } from '../persistentMap.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';
import { epochAt, epochStart, type EpochSchedule } from './epochSchedule.ts';
import { verifyConsistency, type ConsistencyProof } from './merkle/consistencyProof.ts';
import { sameTreeHead, verifyTreeHead, type SignedTreeHead } from './treeHead.ts';

/**
 * Watches one provider's log from outside: every head it is shown (by the log, or gossiped by clients
 * and monitors) must be signed, on schedule, and consistent with every other. Two signed heads that
 * cannot both be true are evidence anyone can check.
 */
export interface KtAuditor {
  readonly provider: ProviderId;
  readonly providerKey: Uint8Array;
  readonly schedule: EpochSchedule;
  /** How long after its epoch's start a head may appear (network and signing delay). */
  readonly grace: Duration;
  /** The newest head consistent with all the auditor has accepted: consistency proofs start here. */
  readonly head: SignedTreeHead | undefined;
  /** Every distinct head shown, by epoch (first one wins; a second is an equivocation). */
  readonly byEpoch: PersistentMap<string, SignedTreeHead>;
}

export type AuditFinding =
  | { readonly kind: 'bad-tree-head'; readonly head: SignedTreeHead } // not signed by this provider's key, or another log's
  | { readonly kind: 'equivocation'; readonly first: SignedTreeHead; readonly second: SignedTreeHead } // two heads for one epoch: a split view
  | { readonly kind: 'inconsistent'; readonly from: SignedTreeHead; readonly to: SignedTreeHead; readonly reason: 'shrunk' | 'bad-proof' } // history rewritten or forked
  | { readonly kind: 'missed-epochs'; readonly after: SignedTreeHead; readonly next: SignedTreeHead; readonly missing: number }
  | { readonly kind: 'off-schedule'; readonly head: SignedTreeHead; readonly window: { readonly from: SimTime; readonly until: SimTime } }
  | { readonly kind: 'overdue'; readonly epoch: number; readonly due: SimTime; readonly at: SimTime }; // no head where one is due

export interface AuditorSpec {
  readonly provider: ProviderId;
  readonly providerKey: Uint8Array;
  readonly schedule: EpochSchedule;
  readonly grace: Duration;
}

export function createAuditor(spec: AuditorSpec): KtAuditor {
  if (!(spec.providerKey instanceof Uint8Array)) throw new TypeError(`providerKey: expected a Uint8Array, got ${describe(spec.providerKey)}`);
  if (!Number.isSafeInteger(spec.grace) || spec.grace < 0) throw new RangeError(`grace: expected a non-negative integer duration, got ${describe(spec.grace)}`);
  return { ...spec, head: undefined, byEpoch: PersistentMap.empty() };
}

/**
 * Audits one head. `proof` is the log's consistency proof between the auditor's current head and this
 * one (older size first, whichever came first in time); it may be absent for the first head, for a
 * head already seen, or when both heads have the same size (the roots must then be equal).
 */
export function auditTreeHead(a: KtAuditor, head: SignedTreeHead, proof?: ConsistencyProof): { readonly auditor: KtAuditor; readonly findings: readonly AuditFinding[] } {
  if (head.provider !== a.provider || !verifyTreeHead(a.providerKey, head)) return { auditor: a, findings: [{ kind: 'bad-tree-head', head }] };
  const known = a.byEpoch.get(String(head.epoch));
  if (known !== undefined) return { auditor: a, findings: sameTreeHead(known, head) ? [] : [{ kind: 'equivocation', first: known, second: head }] };
  const findings: AuditFinding[] = [];
  const from = epochStart(a.schedule, head.epoch);
  const until = after(from, a.grace);
  if (head.publishedAt < from || head.publishedAt > until) findings.push({ kind: 'off-schedule', head, window: { from, until } });
  let consistent = true;
  if (a.head !== undefined) {
    // Consistency with the newest accepted head implies it with all (each is a prefix of it).
    const [older, newer] = head.epoch < a.head.epoch ? [head, a.head] : [a.head, head];
    const reason = inconsistency(older, newer, proof);
    if (reason !== undefined) {
      findings.push({ kind: 'inconsistent', from: older, to: newer, reason });
      consistent = false;
    } else if (head.epoch > a.head.epoch + 1) {
      findings.push({ kind: 'missed-epochs', after: a.head, next: head, missing: head.epoch - a.head.epoch - 1 });
    }
  }
  const advance = consistent && (a.head === undefined || head.epoch > a.head.epoch);
  return { auditor: { ...a, head: advance ? head : a.head, byEpoch: a.byEpoch.set(String(head.epoch), head) }, findings };
}

function inconsistency(older: SignedTreeHead, newer: SignedTreeHead, proof: ConsistencyProof | undefined): 'shrunk' | 'bad-proof' | undefined {
  if (older.treeSize > newer.treeSize) return 'shrunk';
  const p = proof ?? { firstSize: older.treeSize, secondSize: newer.treeSize, path: [] };
  if (p.firstSize !== older.treeSize || p.secondSize !== newer.treeSize) return 'bad-proof';
  return verifyConsistency(older.rootHash, newer.rootHash, p) ? undefined : 'bad-proof';
}

/** At `at`, is the head after the auditor's newest one overdue (its epoch began more than `grace` ago)? */
export function auditSchedule(a: KtAuditor, at: SimTime): readonly AuditFinding[] {
  const epoch = (a.head?.epoch ?? -1) + 1;
  const due = epochStart(a.schedule, epoch);
  return epochAt(a.schedule, at) >= epoch && at > after(due, a.grace) ? [{ kind: 'overdue', epoch, due, at }] : [];
}
