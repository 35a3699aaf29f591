import { z } from 'zod';
import { identifier } from '../fields.ts';

/**
 * A provider that strips capabilities from the capability-discovery answers it serves, so groups fall
 * to a weaker suite (`post-quantum`: post-quantum suites removed) or to the cleartext fallback (`mls`:
 * the devices' MLS support hidden altogether). `content.authenticatedCapabilities` is the defense.
 */
export const downgradeSchema = z
  .object({
    kind: z.literal('downgrade'),
    provider: identifier(),
    strip: z.enum(['post-quantum', 'mls']).default('post-quantum'),
  })
  .strict();
