import { sameIdentifier, type Identifier } from '../identifier.ts';
import type { KeyBinding } from '../keys/keyBinding.ts';
import { sameBytes } from '../keys/keyVerifier.ts';
import type { ProviderId } from '../providerId.ts';
import { describe } from '../quote.ts';
import { bindingLeafHash } from './bindingLeaf.ts';
import { compactRangeRoot, emptyCompactRange, extendCompactRange, type CompactRange } from './merkle/compactRange.ts';
import { verifyTreeHead, sameTreeHead, type SignedTreeHead } from './treeHead.ts';

/**
 * A user's own device watching its home log for bindings of its identity it did not publish. It reads
 * every new entry (a chronological log cannot prove that a per-identity answer is complete, so it must
 * scan) and keeps only a compact range of the prefix it has verified.
 */
export interface KtMonitor {
  readonly identity: Identifier;
  readonly provider: ProviderId;
  readonly providerKey: Uint8Array;
  /** The keys the user's own devices published: any other key bound to the identity is a substitute. */
  readonly ownKeys: readonly Uint8Array[];
  /** The log prefix verified so far; the next check downloads entries from `verified.size`. */
  readonly verified: CompactRange;
  /** The last head checked. */
  readonly head: SignedTreeHead | undefined;
}

export interface FoundBinding {
  readonly index: number;
  readonly binding: KeyBinding;
}

export type LogFault =
  | 'wrong-provider' // a head of another log
  | 'bad-tree-head' // its signature does not verify
  | 'rollback' // an older epoch than one already checked
  | 'equivocation' // another head for an epoch already checked
  | 'shrunk' // fewer entries than already verified
  | 'entries-mismatch'; // the entries served do not hash to the head's root

export type MonitorResult =
  | { readonly kind: 'unchanged' } // the head already checked
  | { readonly kind: 'clean'; readonly head: SignedTreeHead; readonly scanned: number }
  | { readonly kind: 'substitution'; readonly head: SignedTreeHead; readonly scanned: number; readonly found: readonly FoundBinding[] }
  | { readonly kind: 'log-misbehaved'; readonly head: SignedTreeHead; readonly fault: LogFault };

export interface MonitorSpec {
  readonly identity: Identifier;
  readonly provider: ProviderId;
  readonly providerKey: Uint8Array;
  readonly ownKeys?: readonly Uint8Array[];
}

export function createMonitor(spec: MonitorSpec): KtMonitor {
  if (!(spec.providerKey instanceof Uint8Array)) throw new TypeError(`providerKey: expected a Uint8Array, got ${describe(spec.providerKey)}`);
  return { ...spec, ownKeys: (spec.ownKeys ?? []).map((k) => k.slice()), verified: emptyCompactRange(), head: undefined };
}

/** The device records a key it published itself (before the head that logs it is checked). */
export const noteOwnKey = (m: KtMonitor, signatureKey: Uint8Array): KtMonitor =>
  m.ownKeys.some((k) => sameBytes(k, signatureKey)) ? m : { ...m, ownKeys: [...m.ownKeys, signatureKey.slice()] };

/**
 * One monitoring check: `head` is the log's latest head and `entries` the entries
 * [m.verified.size, head.treeSize) it served. Recomputing the root from the verified prefix and the new
 * entries proves both that they are the head's and that the head extends what was checked before. On a
 * fault the monitor keeps its state (and the signed head is evidence).
 */
export function monitorCheck(m: KtMonitor, head: SignedTreeHead, entries: readonly KeyBinding[]): { readonly monitor: KtMonitor; readonly result: MonitorResult } {
  const fault = (f: LogFault) => ({ monitor: m, result: { kind: 'log-misbehaved', head, fault: f } as const });
  if (head.provider !== m.provider) return fault('wrong-provider');
  if (!verifyTreeHead(m.providerKey, head)) return fault('bad-tree-head');
  if (m.head !== undefined) {
    if (head.epoch < m.head.epoch) return fault('rollback');
    if (head.epoch === m.head.epoch) return sameTreeHead(head, m.head) ? { monitor: m, result: { kind: 'unchanged' } } : fault('equivocation');
  }
  if (head.treeSize < m.verified.size) return fault('shrunk');
  if (entries.length !== head.treeSize - m.verified.size) return fault('entries-mismatch');
  let range = m.verified;
  for (const e of entries) range = extendCompactRange(range, bindingLeafHash(e));
  if (!sameBytes(compactRangeRoot(range), head.rootHash)) return fault('entries-mismatch');
  const found: FoundBinding[] = [];
  entries.forEach((binding, i) => {
    if (sameIdentifier(binding.identity, m.identity) && !m.ownKeys.some((k) => sameBytes(k, binding.signatureKey))) found.push({ index: m.verified.size + i, binding });
  });
  const monitor: KtMonitor = { ...m, verified: range, head };
  const scanned = entries.length;
  return { monitor, result: found.length > 0 ? { kind: 'substitution', head, scanned, found } : { kind: 'clean', head, scanned } };
}
