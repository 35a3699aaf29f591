import { z } from 'zod';
import { identifier, nonNegativeNumber, probability } from '../fields.ts';

/** An on-path party on the link between two nodes (two providers, or a provider and a bridge or hub). */
export const networkAdversarySchema = z
  .object({
    kind: z.literal('network-adversary'),
    /** The two ends of the link it sits on. */
    a: identifier(),
    b: identifier(),
    /** What it does: `read` watches every envelope; the others act on a share of application envelopes. */
    actions: z.array(z.enum(['read', 'modify', 'drop', 'replay', 'delay'])).min(1).default(['read']),
    /** Share of the application envelopes crossing the link that the active actions hit. */
    share: probability().default(0.2),
    /** Hold-back of a delayed envelope, and how long after the original a replayed copy is injected. */
    delayMs: nonNegativeNumber().default(500),
    replayAfterMs: nonNegativeNumber().default(5000),
  })
  .strict();
