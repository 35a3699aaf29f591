// The state of a pairwise session (Double Ratchet spec §3.2 with libsignal's bookkeeping): one current
// state plus archived earlier ones, so late messages of a replaced session still decrypt.
import type { X25519KeyPair } from './primitives.ts';
import type { ChainKey } from './ratchetKeys.ts';

/** Skipped message keys kept per receiving chain (libsignal MAX_MESSAGE_KEYS); the oldest go first. */
export const MAX_MESSAGE_KEYS = 2000;
/** Messages one chain may jump ahead (libsignal MAX_FORWARD_JUMPS): beyond it, a rejection. */
export const MAX_FORWARD_JUMPS = 25_000;
/** Receiving chains kept per state (libsignal MAX_RECEIVER_CHAINS). */
export const MAX_RECEIVER_CHAINS = 5;
/** Archived states kept per session (libsignal ARCHIVED_STATES_MAX_LENGTH). */
export const MAX_ARCHIVED_STATES = 40;

export interface ReceiverChain {
  /** The peer's serialized ratchet public key for this chain. */
  readonly ratchetKey: Uint8Array;
  readonly chainKey: ChainKey;
  /** Message-key seeds of skipped counters, in insertion order. */
  readonly skipped: ReadonlyMap<number, Uint8Array>;
}

/** What the initiator repeats in every message until the peer answers (PQXDH spec §3.3). */
export interface PendingPreKey {
  readonly preKeyId?: number;
  readonly signedPreKeyId: number;
  readonly kyberPreKeyId: number;
  readonly kyberCiphertext: Uint8Array;
  readonly baseKey: Uint8Array;
}

export interface RatchetState {
  readonly localIdentity: Uint8Array;
  readonly remoteIdentity: Uint8Array;
  readonly localRegistrationId: number;
  readonly remoteRegistrationId: number;
  readonly rootKey: Uint8Array;
  readonly sendRatchet: X25519KeyPair;
  readonly sendChain: ChainKey;
  readonly previousCounter: number;
  readonly receivers: readonly ReceiverChain[];
  /** The initiator's base key: identifies the session a PreKeySignalMessage belongs to. */
  readonly aliceBaseKey: Uint8Array;
  readonly pending?: PendingPreKey;
}

export interface SessionData {
  readonly current: RatchetState;
  readonly archived: readonly RatchetState[];
}

/** `next` becomes current; the old current goes to the front of the archive. */
export function promote(record: SessionData | undefined, next: RatchetState): SessionData {
  if (!record) return { current: next, archived: [] };
  return { current: next, archived: [record.current, ...record.archived].slice(0, MAX_ARCHIVED_STATES) };
}

/** The record after a message decrypted with `state` at `index` (-1: current, i: archived[i]). */
export function withUpdated(record: SessionData, index: number, state: RatchetState): SessionData {
  if (index < 0) return { current: state, archived: record.archived };
  const rest = record.archived.filter((_, i) => i !== index);
  return { current: state, archived: [record.current, ...rest].slice(0, MAX_ARCHIVED_STATES) };
}
