import { z } from 'zod';
import { identifier } from '../fields.ts';

/** A defense the clients of some providers run: `{}` means every provider's clients, `providers` narrows it. */
const perProvider = () =>
  z
    .object({
      /** Providers whose clients (or, for links, whose servers) use the defense; absent = all. */
      providers: z.array(identifier()).min(1).optional(),
    })
    .strict();

/** Defenses against malicious providers, on-path networks, bridges and metadata observers. */
export const providerDefenseFields = {
  /** Clients compare group rosters with each user's own (signed) device list and remove unknown devices. */
  rosterChecks: perProvider().optional(),
  /** Hop-by-hop TLS between servers: a link observer sees sizes and timing, not routing headers. */
  linkEncryption: perProvider().optional(),
  /** The `app` routing header omits the sender (sealed sender); servers still see their clients' connections. */
  sealedSender: perProvider().optional(),
  /** Senders sign message content end to end (Ed25519); recipients reject content a relay altered. */
  contentSignatures: perProvider().optional(),
};

/** Whether a per-provider defense is on for `provider`. */
export const appliesTo = (d: { readonly providers?: readonly string[] | undefined } | undefined, provider: string): boolean =>
  d !== undefined && (d.providers === undefined || d.providers.includes(provider));
