import { z } from 'zod';
import { identifier, nonNegativeInt, nonNegativeNumber, positiveInt, probability } from '../fields.ts';
import { LIMITS } from '../limits.ts';

/** Registers a target's name (colliding handle, look-alike number) at other providers and asks for messages. */
export const impersonatorSchema = z
  .object({
    kind: z.literal('impersonator'),
    /** The user it passes itself off as, e.g. `u29@provA`; absent = one whose handle no other provider has. */
    target: z.string().min(1).optional(),
    /** Providers it registers the name at; absent = all others where the name is free. */
    providers: z.array(identifier()).min(1).optional(),
    /** People it contacts (users of its providers). */
    victims: positiveInt(LIMITS.impersonatorVictims).default(6),
    /** Messages each fooled victim sends it. */
    replies: nonNegativeInt(LIMITS.spamMessagesPerContact).default(3),
    /** Phone numbers: share of users a look-alike number fools. */
    lookalikeBelief: probability().default(0.3),
    startSeconds: nonNegativeNumber().default(3),
  })
  .strict();
