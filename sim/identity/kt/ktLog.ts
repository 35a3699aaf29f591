import { formatTime, type SimTime } from '../../core/index.ts';
import type { ProviderSigner } from '../keys/ed25519.ts';
import type { KeyBinding } from '../keys/keyBinding.ts';
import { formatIdentifier, type Identifier } from '../identifier.ts';
import { PersistentMap } from '../persistentMap.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';
import { bindingLeafHash } from './bindingLeaf.ts';
import { epochAt, epochStart, type EpochSchedule } from './epochSchedule.ts';
import { AppendOnlyList } from './merkle/appendOnlyList.ts';
import { consistencyProof, type ConsistencyProof } from './merkle/consistencyProof.ts';
import { appendLeafHash, emptyMerkleLog, rootHash, type MerkleLog } from './merkle/merkleLog.ts';
import { requireCount } from './merkle/treeSize.ts';
import { signTreeHead, type SignedTreeHead } from './treeHead.ts';

/**
 * One provider's key-transparency log: every identity→signature-key binding it has published, in
 * order, in an RFC 9162 Merkle tree, and one signed tree head per epoch. A value: every update returns
 * a new log; an old value can still be appended to (that is how a test forks a log).
 */
export interface KtLog {
  readonly provider: ProviderId;
  readonly schedule: EpochSchedule;
  readonly tree: MerkleLog;
  readonly entries: AppendOnlyList<KeyBinding>;
  /** Entry indices per identity (formatted), oldest first. */
  readonly byIdentity: PersistentMap<string, readonly number[]>;
  readonly heads: AppendOnlyList<SignedTreeHead>;
  /** The time of the last append or publication: the log only moves forward in time. */
  readonly lastChange: SimTime | undefined;
}

export interface KtAppend {
  readonly identity: Identifier;
  readonly signatureKey: Uint8Array;
  readonly at: SimTime;
}

export const emptyKtLog = (provider: ProviderId, schedule: EpochSchedule): KtLog => ({
  provider,
  schedule,
  tree: emptyMerkleLog(),
  entries: AppendOnlyList.empty(),
  byIdentity: PersistentMap.empty(),
  heads: AppendOnlyList.empty(),
  lastChange: undefined,
});

function requireForward(op: string, log: KtLog, t: SimTime): void {
  if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`${op}: expected a non-negative integer time, got ${describe(t)}`);
  if (log.lastChange !== undefined && t < log.lastChange) {
    throw new RangeError(`${op}: time ${formatTime(t)} is before the last change to the log of ${log.provider} at ${formatTime(log.lastChange)}`);
  }
}

/**
 * Appends the binding (identity, key, this provider, `at`); the key bytes are copied. It becomes
 * provable at the next tree head. An honest provider appends every key it serves; a malicious one may
 * append a substitute (and be seen by the owner's monitor) or serve it unlogged (and be refused).
 */
export function appendBinding(log: KtLog, a: KtAppend): { readonly log: KtLog; readonly index: number } {
  if (!(a.signatureKey instanceof Uint8Array)) throw new TypeError(`signatureKey: expected a Uint8Array, got ${describe(a.signatureKey)}`);
  if (a.signatureKey.length === 0) throw new RangeError('signatureKey: empty');
  requireForward('appendBinding', log, a.at);
  const binding: KeyBinding = { identity: a.identity, signatureKey: a.signatureKey.slice(), provider: log.provider, issuedAt: a.at };
  const index = log.entries.length;
  const name = formatIdentifier(a.identity);
  return {
    index,
    log: {
      ...log,
      tree: appendLeafHash(log.tree, bindingLeafHash(binding)),
      entries: log.entries.append(binding),
      byIdentity: log.byIdentity.set(name, [...(log.byIdentity.get(name) ?? []), index]),
      lastChange: a.at,
    },
  };
}

export const latestHead = (log: KtLog): SignedTreeHead | undefined => log.heads.last();

/** The newest head published at or before `t`. */
export function headAt(log: KtLog, t: SimTime): SignedTreeHead | undefined {
  for (let i = log.heads.length - 1; i >= 0; i--) {
    const h = log.heads.at(i)!;
    if (h.publishedAt <= t) return h;
  }
  return undefined;
}

/** True when the epoch in force at `t` has begun and has no head yet. */
export function publishDue(log: KtLog, t: SimTime): boolean {
  const epoch = epochAt(log.schedule, t);
  const last = latestHead(log);
  return epoch >= 0 && (last === undefined || last.epoch < epoch);
}

/**
 * Signs and publishes the head of the epoch in force at `t` over every entry appended so far. Call it
 * at each epoch's start (`epochStart`), before appends at the same instant, and the log keeps the
 * schedule auditors expect; a late call still publishes (its lateness is for auditors to see), and an
 * epoch that was skipped stays missing.
 */
export function publishTreeHead(log: KtLog, signer: ProviderSigner, t: SimTime): { readonly log: KtLog; readonly head: SignedTreeHead } {
  if (signer.provider !== log.provider) throw new RangeError(`publishTreeHead: ${signer.provider} cannot sign the log of ${log.provider}`);
  requireForward('publishTreeHead', log, t);
  const epoch = epochAt(log.schedule, t);
  if (epoch < 0) throw new RangeError(`publishTreeHead: time ${formatTime(t)} is before the first epoch at ${formatTime(epochStart(log.schedule, 0))}`);
  if (!publishDue(log, t)) throw new RangeError(`publishTreeHead: epoch ${epoch} of ${log.provider} already has a tree head`);
  const head = signTreeHead(signer, { epoch, treeSize: log.tree.size, rootHash: rootHash(log.tree), publishedAt: t });
  return { head, log: { ...log, heads: log.heads.append(head), lastChange: t } };
}

/** The entries [from, to): what a monitor downloads to check a new head. */
export function entriesBetween(log: KtLog, from: number, to: number): readonly KeyBinding[] {
  requireCount(from, 'from');
  requireCount(to, 'to');
  if (!(from <= to && to <= log.entries.length)) throw new RangeError(`entries [${from}, ${to}): expected from <= to <= ${log.entries.length}`);
  return log.entries.slice(from, to);
}

/** What the log serves an auditor holding a head of `firstSize` that is shown a head of `secondSize`. */
export const consistencyBetween = (log: KtLog, firstSize: number, secondSize: number): ConsistencyProof => consistencyProof(log.tree, firstSize, secondSize);
