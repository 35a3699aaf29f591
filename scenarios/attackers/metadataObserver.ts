import { z } from 'zod';
import { identifier } from '../fields.ts';

/** A passive observer at a server (provider, bridge, hub or discovery service) rebuilding who talks to whom. */
export const metadataObserverSchema = z
  .object({
    kind: z.literal('metadata-observer'),
    /** The node whose traffic it sees. */
    at: identifier(),
  })
  .strict();
