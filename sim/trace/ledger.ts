import type { MessageId, NodeId, SimTime } from '../core/index.ts';
import type { DropReason, PayloadKind, SkipReason } from './records.ts';
import type { Trace } from './trace.ts';

/** The one terminal outcome of an application message at one intended recipient. */
export type Outcome =
  | { readonly kind: 'delivered'; readonly at: SimTime; readonly latency: number }
  | { readonly kind: 'dropped'; readonly at: SimTime; readonly reason: DropReason }
  | { readonly kind: 'rejected'; readonly at: SimTime; readonly reason: string; readonly by: NodeId };

interface OpenMessage {
  readonly sender: NodeId;
  readonly sentAt: SimTime;
  /** The intended recipients, in the order sent; `settled[i]` is 1 once recipient i's outcome is settled (the outcome itself is in the trace and the counts). */
  readonly recipients: readonly NodeId[];
  readonly settled: number[];
  /** Each recipient's place, for a message with more than `SCAN` recipients (fewer are found by a scan). */
  readonly index: Map<NodeId, number> | undefined;
  unsettled: number;
}

/** Up to this many recipients a recipient is found by comparing ids in turn (no map per message). */
const SCAN = 16;

/** Recipient `to`'s place in `m`, or -1. */
function placeOf(m: OpenMessage, to: NodeId): number {
  if (m.index !== undefined) return m.index.get(to) ?? -1;
  const rs = m.recipients;
  for (let i = 0; i < rs.length; i++) if (rs[i] === to) return i;
  return -1;
}

/** A message with a recipient that has no outcome, or an outcome settled twice: a bug, never data. */
export class LedgerViolation extends Error {
  override readonly name = 'LedgerViolation';
}

export interface LedgerTotals {
  readonly messages: number;
  /** (message, recipient) pairs. */
  readonly expected: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly rejected: number;
  readonly dropReasons: Readonly<Record<string, number>>;
  readonly rejectReasons: Readonly<Record<string, number>>;
  /** Messages the workload meant to send that were never sent (no ledger entry, no recipients). */
  readonly skipped: number;
  readonly skipReasons: Readonly<Record<string, number>>;
}

/**
 * Conservation of messages: every application message sent opens one entry per intended recipient,
 * and each entry is settled exactly once as delivered, dropped or rejected, with a reason. Settling
 * emits the terminal trace record, so the trace and the ledger cannot disagree.
 */
export class Ledger {
  private readonly open = new Map<MessageId, OpenMessage>();
  private readonly reasonsDropped = new Map<string, number>();
  private readonly reasonsRejected = new Map<string, number>();
  private readonly reasonsSkipped = new Map<string, number>();
  private skipped = 0;
  private messages = 0;
  private expected = 0;
  private delivered = 0;
  private dropped = 0;
  private rejected = 0;
  private readonly latencies: number[] = [];
  /** The message last looked up and its entry (a copy's `isPending` and its outcome come one after the other). */
  private lastMsg: MessageId | undefined;
  private lastEntry: OpenMessage | undefined;

  constructor(private readonly trace: Trace) {}

  /** Records a send and the recipients that must each see exactly one outcome. */
  send(msg: MessageId, sender: NodeId, recipients: readonly NodeId[], at: SimTime, kind: PayloadKind, bytes: number): void {
    if (this.open.has(msg)) throw new LedgerViolation(`ledger: message ${msg} sent twice`);
    const n = recipients.length;
    let index: Map<NodeId, number> | undefined;
    if (n > SCAN) {
      index = new Map();
      for (let i = 0; i < n; i++) index.set(recipients[i]!, i);
      if (index.size !== n) throw new LedgerViolation(`ledger: message ${msg} lists a recipient twice`);
    } else {
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (recipients[i] === recipients[j]) throw new LedgerViolation(`ledger: message ${msg} lists a recipient twice`);
    }
    // The list is kept as it is now (a caller may reuse its array), frozen: the trace may write the send's line a little later.
    const to = Object.freeze(recipients.slice());
    const settled: number[] = [];
    for (let i = 0; i < n; i++) settled.push(0);
    this.open.set(msg, { sender, sentAt: at, recipients: to, settled, index, unsettled: n });
    this.messages++;
    this.expected += n;
    this.trace.emit({ type: 'send', t: at, msg, from: sender, to, kind, bytes });
    if (n === 0) this.open.delete(msg);
  }

  /**
   * A message the workload meant to send and could not: its one outcome, with the reason. It never
   * becomes a ledger message (it has no ciphertext and no recipients), but it is counted and traced.
   */
  skip(conversation: string, at: SimTime, reason: SkipReason, by?: NodeId): void {
    this.skipped++;
    this.reasonsSkipped.set(reason, (this.reasonsSkipped.get(reason) ?? 0) + 1);
    this.trace.emit({ type: 'skip', t: at, conversation, reason, ...(by !== undefined && { by }) });
  }

  /** True while `recipient` still awaits an outcome for `msg`. */
  isPending(msg: MessageId, recipient: NodeId): boolean {
    const m = this.lookup(msg);
    if (m === undefined) return false;
    const i = this.placeIn(m, recipient);
    return i >= 0 && m.settled[i] === 0;
  }

  /** Recipients of `msg` still awaiting an outcome. */
  pendingRecipients(msg: MessageId): NodeId[] {
    const m = this.open.get(msg);
    if (m === undefined) return [];
    return m.recipients.filter((_, i) => m.settled[i] === 0);
  }

  sentAt(msg: MessageId): SimTime | undefined {
    return this.open.get(msg)?.sentAt;
  }

  deliver(msg: MessageId, to: NodeId, at: SimTime): void {
    const m = this.lookup(msg);
    const i = this.place(msg, m, to);
    const latency = at - m!.sentAt;
    this.settle(msg, m!, i);
    this.delivered++;
    this.latencies.push(latency);
    this.trace.emit({ type: 'deliver', t: at, msg, to, latency });
  }

  drop(msg: MessageId, to: NodeId, at: SimTime, reason: DropReason): void {
    const m = this.lookup(msg);
    this.settle(msg, m!, this.place(msg, m, to));
    this.dropped++;
    this.reasonsDropped.set(reason, (this.reasonsDropped.get(reason) ?? 0) + 1);
    this.trace.emit({ type: 'drop', t: at, msg, to, reason });
  }

  reject(msg: MessageId, to: NodeId, at: SimTime, by: NodeId, reason: string): void {
    const m = this.lookup(msg);
    this.settle(msg, m!, this.place(msg, m, to));
    this.rejected++;
    this.reasonsRejected.set(reason, (this.reasonsRejected.get(reason) ?? 0) + 1);
    this.trace.emit({ type: 'reject', t: at, msg, to, by, reason });
  }

  /** Every (message, recipient) still unsettled, in send order. */
  outstanding(): { msg: MessageId; to: NodeId }[] {
    const out: { msg: MessageId; to: NodeId }[] = [];
    for (const [msg, m] of this.open) for (let i = 0; i < m.recipients.length; i++) if (m.settled[i] === 0) out.push({ msg, to: m.recipients[i]! });
    return out;
  }

  /** Throws if any message still lacks an outcome at any recipient. Call at the end of every run. */
  assertConserved(): void {
    const left = this.outstanding();
    if (left.length > 0) {
      const sample = left.slice(0, 5).map((x) => `${x.msg}->${x.to}`).join(', ');
      throw new LedgerViolation(`ledger: ${left.length} message outcome(s) unaccounted for: ${sample}`);
    }
  }

  totals(): LedgerTotals {
    return {
      messages: this.messages,
      expected: this.expected,
      delivered: this.delivered,
      dropped: this.dropped,
      rejected: this.rejected,
      dropReasons: Object.fromEntries([...this.reasonsDropped].sort()),
      rejectReasons: Object.fromEntries([...this.reasonsRejected].sort()),
      skipped: this.skipped,
      skipReasons: Object.fromEntries([...this.reasonsSkipped].sort()),
    };
  }

  /** Delivery latencies in microseconds, in settle order. */
  deliveryLatencies(): readonly number[] {
    return this.latencies;
  }

  /** The open entry of `msg` (the last one looked up is remembered until it closes). */
  private lookup(msg: MessageId): OpenMessage | undefined {
    if (msg === this.lastMsg) return this.lastEntry;
    const m = this.open.get(msg);
    if (m !== undefined) (this.lastMsg = msg), (this.lastEntry = m);
    return m;
  }

  /** The place of `to` among `msg`'s recipients, which must await an outcome (`m` open: else this throws). */
  private place(msg: MessageId, m: OpenMessage | undefined, to: NodeId): number {
    if (m === undefined) throw new LedgerViolation(`ledger: outcome for ${msg}->${to}, which is not open (never sent, or fully settled)`);
    const i = this.placeIn(m, to);
    if (i < 0) throw new LedgerViolation(`ledger: ${to} is not an intended recipient of ${msg}`);
    if (m.settled[i] !== 0) throw new LedgerViolation(`ledger: ${msg}->${to} settled twice`);
    return i;
  }

  /**
   * `placeOf`, the last answer remembered: a copy's `isPending` and its outcome ask for the same
   * recipient of the same entry one after the other (a recipient's place never changes).
   */
  private placeIn(m: OpenMessage, to: NodeId): number {
    if (m === this.placeEntry && to === this.placeTo) return this.placeIndex;
    const i = placeOf(m, to);
    this.placeEntry = m;
    this.placeTo = to;
    this.placeIndex = i;
    return i;
  }

  private placeEntry: OpenMessage | undefined;
  private placeTo: NodeId | undefined;
  private placeIndex = -1;

  private settle(msg: MessageId, m: OpenMessage, i: number): void {
    m.settled[i] = 1;
    if (--m.unsettled === 0) {
      this.open.delete(msg);
      if (this.lastEntry === m) (this.lastMsg = undefined), (this.lastEntry = undefined);
    }
  }
}
