import type { Inbox } from '../inbox.ts';
import type { ContactBook } from './contactBook.ts';
import type { DisappearingMessages } from './disappearing.ts';
import type { NameDisplay } from './nameDisplay.ts';
import type { SpamGuard } from './spamGuard.ts';

/**
 * The client-side machinery a run shares between honest clients, defenses and attackers: the inbox
 * every decrypted message passes, who knows whom, and the spam defenses when the scenario has them.
 */
export interface ClientSide {
  readonly inbox: Inbox;
  readonly contacts: ContactBook;
  /** How clients show who a message is from (bare or provider-qualified names). */
  readonly names: NameDisplay;
  /** Present when the scenario has a spammer or a spam defense: it also records what users saw. */
  readonly spam?: SpamGuard;
  /** Present when the scenario's workload uses disappearing messages: timers, retention, capability checks. */
  readonly disappearing?: DisappearingMessages;
}
