import type { MessageId, NodeId, SimTime } from '../core/index.ts';
import type { ExposureRole, TraceRecord } from '../trace/index.ts';

/** Where exposures are written: the run's trace and its virtual clock. */
export interface ExposureSink {
  emit(record: TraceRecord): void;
  now(): SimTime;
}

/**
 * Ground truth of who, besides the endpoints, held each message's plaintext (because it really
 * decrypted it) and who could have forged it (because it holds the group's keys without being an
 * endpoint). Filled by the actors that do the decrypting; never by a claim. Every decryption is also
 * an `expose` trace record, so the trace, the summary and the viewer tell the same story.
 */
export class Exposures {
  private readonly holders = new Map<MessageId, Set<NodeId>>();
  private readonly forgers = new Map<MessageId, number>();
  private readonly seenBy = new Map<NodeId, Uint8Array[]>();
  private readonly roles = new Map<ExposureRole, number>();
  messages = 0;
  /** Copies decrypted by someone the sender did not mean (a misrouted number or colliding handle). */
  misdelivered = 0;

  constructor(private readonly sink?: ExposureSink) {}

  /** A message was sent; `forgeryCapable` non-endpoint members of its group could have made it up. */
  sent(msg: MessageId, forgeryCapable: number): void {
    this.messages++;
    if (forgeryCapable > 0) this.forgers.set(msg, forgeryCapable);
  }

  /** A non-endpoint party decrypted `msg` and held `plaintext`. */
  observe(party: NodeId, msg: MessageId, plaintext: Uint8Array, as: ExposureRole): void {
    this.record(party, msg, as);
    let set = this.holders.get(msg);
    if (set === undefined) this.holders.set(msg, (set = new Set()));
    set.add(party);
    let seen = this.seenBy.get(party);
    if (seen === undefined) this.seenBy.set(party, (seen = []));
    // A sample is enough for audits; a long run must not keep every plaintext in memory.
    if (seen.length < Exposures.SAMPLE) seen.push(plaintext);
  }

  /**
   * A device of a person the sender never meant (a misrouted number, a colliding handle) decrypted a
   * copy. End-to-end encryption toward the wrong person is still a confidentiality failure: it is a
   * trace record and a count, kept apart from the non-endpoint exposures above.
   */
  misdeliver(device: NodeId, msg: MessageId): void {
    this.record(device, msg, 'stranger');
    this.misdelivered++;
  }

  /** Non-endpoint holders of the group keys when `msg` was sent (0 if none). */
  forgersOf(msg: MessageId): number {
    return this.forgers.get(msg) ?? 0;
  }

  /** Plaintexts kept per party for audits. */
  static readonly SAMPLE = 1000;

  /** Plaintexts a party held, the first SAMPLE of them (for canary checks in tests and audits). */
  plaintextsHeldBy(party: NodeId): readonly Uint8Array[] {
    return this.seenBy.get(party) ?? [];
  }

  parties(): NodeId[] {
    return [...this.seenBy.keys()].sort();
  }

  /** Decryptions by a party that is not an intended endpoint, by role (each an `expose` record). */
  byRole(): Partial<Record<ExposureRole, number>> {
    return Object.fromEntries([...this.roles].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  totals(): { messages: number; exposedMessages: number; exposurePoints: number; forgeryCapable: number } {
    let points = 0;
    for (const s of this.holders.values()) points += s.size;
    let forge = 0;
    for (const n of this.forgers.values()) forge += n;
    return { messages: this.messages, exposedMessages: this.holders.size, exposurePoints: points, forgeryCapable: forge };
  }

  private record(by: NodeId, msg: MessageId, as: ExposureRole): void {
    this.roles.set(as, (this.roles.get(as) ?? 0) + 1);
    this.sink?.emit({ type: 'expose', t: this.sink.now(), msg, by, as });
  }
}
