import { z } from 'zod';
import { probability } from '../fields.ts';

/** The operator of a re-encrypting bridge: reads everything it relays and alters some of it. */
export const bridgeOperatorSchema = z
  .object({
    kind: z.literal('bridge-operator'),
    /** Share of the messages it relays whose plaintext it alters before re-encrypting. */
    alterShare: probability().default(0.2),
  })
  .strict();
