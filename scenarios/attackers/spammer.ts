import { z } from 'zod';
import { identifier, nonNegativeNumber, positiveInt, positiveNumber } from '../fields.ts';
import { LIMITS } from '../limits.ts';

/** Accounts across providers opening unwanted 1:1 conversations (first contacts) at a rate. */
export const spammerSchema = z
  .object({
    kind: z.literal('spammer'),
    /** Accounts registered at each of its providers, each a real user with a real MLS client. */
    accountsPerProvider: positiveInt(LIMITS.spamAccountsPerProvider).default(2),
    /** Providers it registers at; absent = all. */
    providers: z.array(identifier()).min(1).optional(),
    /** New first contacts per minute over all its accounts. */
    contactsPerMinute: positiveNumber(LIMITS.spamContactsPerMinute).default(30),
    /** Messages sent in each new conversation. */
    messagesPerContact: positiveInt(LIMITS.spamMessagesPerContact).default(2),
    /** When it starts, in seconds. */
    startSeconds: nonNegativeNumber().default(3),
  })
  .strict();
