import type { Csr, Interner } from './columns.ts';

/**
 * How an arrow (one hop of one envelope) is drawn: its protection on that hop, or its handshake or
 * control role. `e2ee`: MLS ciphertext no relay has opened yet; `reencrypted`: ciphertext a relay (the
 * re-encrypting bridge) made after decrypting the message; `plaintext`: a cleartext payload every
 * server on the way reads.
 */
export const ARROW_CLASSES = ['e2ee', 'reencrypted', 'plaintext', 'dropped', 'rejected', 'handshake', 'control'] as const;
export type ArrowClass = (typeof ARROW_CLASSES)[number];

/** Payload kinds that are MLS handshake traffic rather than application or control messages. */
export const HANDSHAKE_KINDS: ReadonlySet<string> = new Set(['commit', 'proposal', 'welcome', 'key-package', 'group-info']);

/**
 * How an arrow's departure time is known: the envelope's dequeue at the previous node; the message's
 * `send`; the dequeue at this node of the envelope that brought the message (a server or bridge
 * forwarding it); or, for a first hop no record dates, estimated as one mean link latency earlier.
 */
export const DEPARTURES = ['dequeue', 'send', 'forward', 'link-latency', 'unknown'] as const;
export type Departure = (typeof DEPARTURES)[number];

/** Per-message events after sending, as one column each. */
export const EVENT_TYPES = ['deliver', 'drop', 'reject', 'decrypt-ok', 'decrypt-failed', 'expose'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * One arrow per `hop-enqueue` (an envelope crossing one link) and per `wire-drop` (an envelope lost on
 * or at a hop), in arrival order. Times are virtual microseconds.
 */
export interface Arrows {
  readonly count: number;
  readonly t0: Float64Array;
  readonly t1: Float64Array;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  /** Wire bytes of the hop; for a drop, the envelope's size on its last recorded hop (0 if none). */
  readonly bytes: Uint32Array;
  readonly kind: Uint32Array;
  readonly cls: Uint8Array;
  readonly msg: Int32Array;
  readonly env: Int32Array;
  /** Drop reason (index into `strings`) for a wire-drop arrow, -1 for a hop. */
  readonly reason: Int32Array;
  readonly departure: Uint8Array;
}

export interface Messages {
  readonly count: number;
  /** NaN when the trace has no `send` for the message. */
  readonly sendT: Float64Array;
  readonly from: Int32Array;
  readonly kind: Int32Array;
  readonly bytes: Uint32Array;
  readonly recipients: Uint32Array;
  /** When a relay (the re-encrypting bridge) first decrypted the message; NaN if none did. */
  readonly relayT: Float64Array;
  /** Decryptions by parties that are not intended endpoints (`expose`, `plaintext-observed`). */
  readonly exposures: Uint32Array;
}

export interface MessageEvents {
  readonly count: number;
  readonly msg: Int32Array;
  readonly type: Uint8Array;
  /** The recipient (deliver, drop, reject) or the reader (decrypt, plaintext-observed, expose). */
  readonly node: Uint32Array;
  readonly t: Float64Array;
  /** Drop or reject reason, a failed decryption's reason, or an `expose` record's role (index into `strings`); -1 if none. */
  readonly reason: Int32Array;
  /** Who rejected (reject), else -1. */
  readonly by: Int32Array;
}

export interface EpochInfo {
  /** First time any record mentions the epoch. */
  readonly t: number;
  /** Members that checked the epoch authenticator (`verify`): the group's size at that epoch. */
  readonly members: Set<number>;
  mismatches: number;
}

export interface GroupOpRecord {
  readonly t: number;
  readonly op: string;
  readonly by: number;
  readonly epoch: number;
  readonly bytes: number;
  readonly outcome?: string;
}

export interface GroupTrack {
  readonly epochs: Map<number, EpochInfo>;
  /** Commits created (`mls` commit-* with no outcome): size is commit plus welcome bytes. */
  readonly commits: GroupOpRecord[];
  /** MLS operations that failed (`mls` records with an outcome). */
  readonly failures: GroupOpRecord[];
}

export interface TraceIndex {
  /** File label used in messages, e.g. `run1/trace.jsonl`. */
  readonly file: string;
  readonly lines: number;
  readonly counts: Readonly<Record<string, number>>;
  /** Records of types this viewer does not know (from a newer simulator); skipped. */
  readonly unknownRecords: number;
  readonly tMin: number;
  readonly tMax: number;
  readonly nodes: Interner;
  readonly kinds: Interner;
  readonly strings: Interner;
  readonly msgIds: Interner;
  readonly envIds: Interner;
  readonly arrows: Arrows;
  readonly messages: Messages;
  readonly events: MessageEvents;
  readonly groups: ReadonlyMap<string, GroupTrack>;
  readonly arrowsByMsg: Csr;
  readonly arrowsByEnv: Csr;
  readonly eventsByMsg: Csr;
  /** Longest arrow (t1 - t0): a window query looks this far past its end for arrows that started inside. */
  readonly maxSpan: number;
}

/** A trace line that is not a valid record: one line naming the file and line number. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}
