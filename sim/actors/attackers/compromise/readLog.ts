import type { MessageId, NodeId, SimTime } from '../../../core/index.ts';
import type { Exposures } from '../../exposures.ts';
import type { GroupName } from '../../protocol.ts';
import { conversationPcs, type Attempt, type ConversationPcs } from './timeline.ts';

/** One message a thief holds, with what it really said (judged on the plaintext, never on a claim). */
export interface Held {
  readonly msg: MessageId;
  readonly attempt: Attempt;
  readonly said: Uint8Array | undefined;
}

/**
 * A thief's record of the messages addressed to its victim after the compromise, per conversation,
 * in arrival order. A read counts only when the real decryption gave exactly the sent plaintext; each
 * such read is an exposure (an `expose` trace record).
 */
export class ReadLog {
  private readonly byGroup = new Map<GroupName, { readonly oneToOne: boolean; readonly attempts: Attempt[] }>();
  private readonly seen = new Set<MessageId>();

  constructor(
    private readonly party: NodeId,
    private readonly exposures: Exposures,
    readonly compromisedAt: SimTime,
  ) {}

  /** The conversations whose state was stolen: only their messages are counted. */
  track(group: GroupName, oneToOne: boolean): void {
    if (!this.byGroup.has(group)) this.byGroup.set(group, { oneToOne, attempts: [] });
  }

  tracks(group: GroupName): boolean {
    return this.byGroup.has(group);
  }

  /** A message toward the victim arrived (once per message, whatever the retries); undefined if not counted. */
  hold(group: GroupName, msg: MessageId, at: SimTime, said: Uint8Array | undefined): Held | undefined {
    const list = this.byGroup.get(group)?.attempts;
    if (list === undefined || this.seen.has(msg)) return undefined;
    this.seen.add(msg);
    const attempt: Attempt = { at, read: false };
    list.push(attempt);
    return { msg, attempt, said };
  }

  /** The stolen state decrypted `held` to `plaintext`: a read if it is what was sent. */
  decrypted(held: Held, plaintext: Uint8Array): void {
    if (held.attempt.read || held.said === undefined || !Buffer.from(held.said).equals(Buffer.from(plaintext))) return;
    held.attempt.read = true;
    this.exposures.observe(this.party, held.msg, plaintext, 'attacker');
  }

  conversations(): ConversationPcs[] {
    return [...this.byGroup.values()].map((g) => conversationPcs(this.compromisedAt, g.attempts, g.oneToOne));
  }
}
