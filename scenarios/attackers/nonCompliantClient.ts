import { z } from 'zod';
import { identifier, probability } from '../fields.ts';

/** Modified clients that ignore disappearing-message timers and keep copies. */
export const nonCompliantClientSchema = z
  .object({
    kind: z.literal('non-compliant-client'),
    /** The provider whose clients are modified; absent = the scenario's last provider. */
    provider: identifier().optional(),
    /** Share of that provider's devices running the modified client. */
    share: probability().default(1),
    /** The client still advertises disappearing-message support (no capability check can catch it). */
    lies: z.boolean().default(false),
  })
  .strict();
