import type { SimTime } from '../../../core/index.ts';

/** One message addressed to the victim after the compromise, and whether the stolen state read it. */
export interface Attempt {
  /** When the attacker held the ciphertext (its delivery toward the victim). */
  readonly at: SimTime;
  /** True: the real decryption with the stolen state gave the sent plaintext. */
  read: boolean;
}

/** What one compromised conversation measured, in virtual seconds from the compromise. */
export interface ConversationPcs {
  /** Two people (a pairwise Signal session, a two-person MLS group) rather than a group. */
  readonly oneToOne: boolean;
  /** Messages addressed to the victim after the compromise, and how many the attacker read. */
  readonly later: number;
  readonly read: number;
  /** The first message it could not read; undefined when it read all of them. */
  readonly firstUnreadSeconds: number | undefined;
  /** From when it reads none: the first unread message after the last one it read; undefined while it still reads the last. */
  readonly recoverySeconds: number | undefined;
}

/**
 * Folds one conversation's attempts (in arrival order) into its measurements. Recovery is the instant
 * from which the attacker reads nothing more: the first unread message after the last one read. A
 * conversation whose last message was still read has not recovered by the end of the run.
 */
export function conversationPcs(compromisedAt: SimTime, attempts: readonly Attempt[], oneToOne: boolean): ConversationPcs {
  const s = (t: SimTime) => (t - compromisedAt) / 1_000_000;
  const firstUnread = attempts.find((a) => !a.read);
  let lastRead = -1;
  attempts.forEach((a, i) => {
    if (a.read) lastRead = i;
  });
  const recovery = attempts[lastRead + 1];
  return {
    oneToOne,
    later: attempts.length,
    read: attempts.filter((a) => a.read).length,
    firstUnreadSeconds: firstUnread === undefined ? undefined : s(firstUnread.at),
    recoverySeconds: recovery === undefined ? undefined : s(recovery.at),
  };
}

/** A run's conversations summed into the counters an attack report carries (`detail`), all measured. */
export function pcsDetail(conversations: readonly ConversationPcs[]): Record<string, number> {
  const withLater = conversations.filter((c) => c.later > 0);
  const recovered = withLater.filter((c) => c.recoverySeconds !== undefined);
  const broken = withLater.filter((c) => c.firstUnreadSeconds !== undefined);
  return {
    conversations: withLater.length,
    laterMessages: withLater.reduce((n, c) => n + c.later, 0),
    readMessages: withLater.reduce((n, c) => n + c.read, 0),
    recovered: recovered.length,
    recoverySecondsSum: recovered.reduce((n, c) => n + c.recoverySeconds!, 0),
    firstUnread: broken.length,
    firstUnreadSecondsSum: broken.reduce((n, c) => n + c.firstUnreadSeconds!, 0),
    oneToOneLater: withLater.filter((c) => c.oneToOne).reduce((n, c) => n + c.later, 0),
    oneToOneRead: withLater.filter((c) => c.oneToOne).reduce((n, c) => n + c.read, 0),
    groupLater: withLater.filter((c) => !c.oneToOne).reduce((n, c) => n + c.later, 0),
    groupRead: withLater.filter((c) => !c.oneToOne).reduce((n, c) => n + c.read, 0),
  };
}
