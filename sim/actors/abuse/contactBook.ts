import type { NodeId } from '../../core/index.ts';
import type { UserId } from '../protocol.ts';

/** A conversation opened by someone its other members do not have as a contact. */
export interface FirstContact {
  /** The person who opened it (what the invite shows the recipients). */
  readonly initiator: UserId;
  /** The initiator's devices in that conversation (their own messages are never held back). */
  readonly initiatorDevices: ReadonlySet<NodeId>;
  /** Ground truth for measurement and for the recipient's judgement: a wanted contact, or spam. */
  readonly legitimate: boolean;
}

/**
 * Who knows whom. Conversations are between contacts unless recorded here as a first contact: a
 * share of the workload's 1:1 conversations (seeded) and every conversation a spammer opens. A client
 * knows whether the person inviting it is in its contacts; the `legitimate` flag is ground truth the
 * client never reads, used only to model the user's own judgement and to measure false positives.
 */
export class ContactBook {
  private readonly firsts = new Map<string, FirstContact>();

  open(conversation: string, contact: FirstContact): void {
    this.firsts.set(conversation, contact);
  }

  firstContact(conversation: string): FirstContact | undefined {
    return this.firsts.get(conversation);
  }

  /** First-contact conversations recorded so far, in order. */
  entries(): IterableIterator<[string, FirstContact]> {
    return this.firsts.entries();
  }
}
