import { z } from 'zod';
import { identifier, nonNegativeInt, nonNegativeNumber, probability } from '../fields.ts';
import { LIMITS } from '../limits.ts';

/** A compromised provider: logs all it handles, plants ghost devices, withholds or delays messages. */
export const maliciousProviderSchema = z
  .object({
    kind: z.literal('malicious-provider'),
    /** The provider that is malicious. */
    provider: identifier(),
    /** Users of its own it plants a ghost device for (a device it controls, served in their claims). */
    ghosts: nonNegativeInt(LIMITS.ghosts).default(2),
    /** Share of its own users' application messages it withholds (each a `withheld-by-provider` drop). */
    withholdShare: probability().default(0),
    /** Share of the application messages it handles that it holds back by `delayMs` (reordering them). */
    delayShare: probability().default(0),
    delayMs: nonNegativeNumber().default(2000),
  })
  .strict();
