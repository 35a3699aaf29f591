import type { MessageId, NodeId } from '../core/index.ts';

/**
 * Ground truth of who, besides the endpoints, held each message's plaintext (because it really
 * decrypted it) and who could have forged it (because it holds the group's keys without being an
 * endpoint). Filled by the actors that do the decrypting; never by a claim.
 */
export class Exposures {
  private readonly holders = new Map<MessageId, Set<NodeId>>();
  private readonly forgers = new Map<MessageId, number>();
  private readonly seenBy = new Map<NodeId, Uint8Array[]>();
  messages = 0;
  /** Copies decrypted by someone the sender did not mean (a misrouted number or colliding handle). */
  misdelivered = 0;

  /** A message was sent; `forgeryCapable` non-endpoint members of its group could have made it up. */
  sent(msg: MessageId, forgeryCapable: number): void {
    this.messages++;
    if (forgeryCapable > 0) this.forgers.set(msg, forgeryCapable);
  }

  /** A non-endpoint party decrypted `msg` and held `plaintext`. */
  observe(party: NodeId, msg: MessageId, plaintext: Uint8Array): void {
    let set = this.holders.get(msg);
    if (set === undefined) this.holders.set(msg, (set = new Set()));
    set.add(party);
    let seen = this.seenBy.get(party);
    if (seen === undefined) this.seenBy.set(party, (seen = []));
    // A sample is enough for audits; a long run must not keep every plaintext in memory.
    if (seen.length < Exposures.SAMPLE) seen.push(plaintext);
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

  totals(): { messages: number; exposedMessages: number; exposurePoints: number; forgeryCapable: number } {
    let points = 0;
    for (const s of this.holders.values()) points += s.size;
    let forge = 0;
    for (const n of this.forgers.values()) forge += n;
    return { messages: this.messages, exposedMessages: this.holders.size, exposurePoints: points, forgeryCapable: forge };
  }
}
