import { z } from 'zod';
import { boundedNumber, identifier, nonNegativeNumber, positiveInt, positiveNumber, probability } from './fields.ts';
import { LIMITS } from './limits.ts';
import type { Scenario } from './schema.ts';

// What messages are made of and what each provider's clients can do with them (sim/content): the
// content mix the workload draws, named client profiles, per-provider clients with their ciphersuites,
// upgrade rollouts over virtual time and the transport fallback policy.

const mediaType = () =>
  z
    .string({ error: 'expected a media type such as "image/png"' })
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/, { error: 'expected a lowercase media type such as "image/png"' });

const partKind = z.enum(['reaction', 'reply', 'edit', 'delete', 'expiry'], { error: 'expected one of reaction, reply, edit, delete, expiry' });

/** What a client renders: media types (rich text, images, custom parts) and semantic part kinds. */
export const clientProfileSchema = z
  .object({
    mediaTypes: z.array(mediaType()).max(LIMITS.listItems).default([]),
    partKinds: z.array(partKind).max(LIMITS.listItems).default([]),
    /** Deletes disappearing messages when their timer runs out (needs `expiry` in partKinds). */
    honorsExpiry: z.boolean().default(false),
  })
  .strict();

/** A rollout curve over virtual seconds (sim/content/rollout.ts). */
export const rolloutCurveSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('forced'), at: nonNegativeNumber(), rampSeconds: nonNegativeNumber().default(0) }).strict(),
  z.object({ kind: z.literal('logistic'), midpoint: nonNegativeNumber(), steepness: positiveNumber(), ceiling: probability().default(1) }).strict(),
  z.object({ kind: z.literal('linear'), start: nonNegativeNumber(), end: nonNegativeNumber(), ceiling: probability().default(1) }).strict(),
]);

export const upgradeSchema = z
  .object({
    /** The profile clients get once upgraded (default: unchanged). */
    profile: identifier().optional(),
    /** The ciphersuites they support once upgraded, most preferred first (default: unchanged). */
    ciphersuites: z.array(positiveInt(0xffff)).min(1).max(LIMITS.listItems).optional(),
    curve: rolloutCurveSchema,
  })
  .strict();

export const clientsSchema = z
  .object({
    /** A profile name from `content.profiles` (built in: `full`, `basic`). */
    profile: identifier().default('full'),
    /** No MLS client at all (an SMS-only phone): reachable only over the cleartext fallback. */
    mls: z.boolean().default(true),
    /** When a recipient cannot be reached end-to-end: send in clear through the providers, or not at all. */
    fallback: z.enum(['cleartext', 'none']).default('none'),
    upgrades: z.array(upgradeSchema).max(LIMITS.listItems).default([]),
  })
  .strict();

export const contentSchema = z
  .object({
    /** Per message, the probability of each enhanced part (independent draws; the basic text part is always there). */
    mix: z
      .object({
        richText: probability().default(0),
        image: probability().default(0),
        reaction: probability().default(0),
        reply: probability().default(0),
        edit: probability().default(0),
        delete: probability().default(0),
        expiry: probability().default(0),
        custom: probability().default(0),
      })
      .strict()
      .prefault({}),
    images: z
      .object({ mediaTypes: z.array(mediaType()).min(1).max(LIMITS.listItems).default(['image/jpeg', 'image/png']), minBytes: positiveInt(LIMITS.imageBytes).default(2000), maxBytes: positiveInt(LIMITS.imageBytes).default(40000) })
      .strict()
      .prefault({}),
    /** Media types of custom parts, e.g. a new image codec most clients do not know yet. */
    customTypes: z.array(mediaType()).min(1).max(LIMITS.listItems).default(['image/jxl']),
    /** What the sender sends a mixed group: the lowest common denominator, or the full message for each to render what it can. */
    representation: z.enum(['lowest-common-denominator', 'per-recipient']).default('lowest-common-denominator'),
    profiles: z.record(identifier(), clientProfileSchema).default({}),
    /** Client population per provider id (providers not listed run `full` clients). */
    clients: z.record(identifier(), clientsSchema).default({}),
    /** Creators rank common post-quantum suites first; a group is post-quantum only if every member supports it. */
    suitePreference: z.enum(['creator-order', 'post-quantum-first']).default('post-quantum-first'),
    /** Move a group to a post-quantum suite once every member advertises one (a new group, as after an MLS ReInit). */
    migrateToPostQuantum: z.boolean().default(true),
    /**
     * Read peers' ciphersuites from their signed KeyPackages (tampering breaks the signature and is
     * rejected) rather than from the directory's unsigned listing.
     */
    authenticatedCapabilities: z.boolean().default(true),
    /** Width of the time-series buckets (post-quantum share of groups and messages). */
    bucketSeconds: boundedNumber(LIMITS.minPeriodSeconds).default(10),
  })
  .strict();

export type ContentConfig = z.output<typeof contentSchema>;
export type ClientsConfig = z.output<typeof clientsSchema>;
export type ClientProfileConfig = z.output<typeof clientProfileSchema>;

export const BUILTIN_PROFILES: Readonly<Record<string, ClientProfileConfig>> = {
  full: {
    mediaTypes: ['application/vnd.poll+json', 'image/gif', 'image/jpeg', 'image/png', 'image/webp', 'text/html', 'text/markdown'],
    partKinds: ['reaction', 'reply', 'edit', 'delete', 'expiry'],
    honorsExpiry: true,
  },
  basic: { mediaTypes: [], partKinds: [], honorsExpiry: false },
};

/** Cross-field checks of the content section: names that must exist, ordered ranges. */
export function contentCrossCheck(s: Scenario): string[] {
  const c = s.content;
  const problems: string[] = [];
  const profiles = new Set([...Object.keys(BUILTIN_PROFILES), ...Object.keys(c.profiles)]);
  const providers = new Set(s.providers.map((p) => p.id));
  if (c.images.maxBytes < c.images.minBytes) problems.push(`content.images.maxBytes: must be >= minBytes (${c.images.minBytes}), got ${c.images.maxBytes}`);
  for (const [name, p] of Object.entries(c.profiles)) {
    if (p.honorsExpiry && !p.partKinds.includes('expiry')) problems.push(`content.profiles.${name}.honorsExpiry: true needs 'expiry' in partKinds`);
  }
  for (const [id, cl] of Object.entries(c.clients)) {
    const at = `content.clients.${id}`;
    if (!providers.has(id)) problems.push(`${at}: "${id}" names no provider`);
    if (!profiles.has(cl.profile)) problems.push(`${at}.profile: "${cl.profile}" names no profile`);
    cl.upgrades.forEach((u, i) => {
      if (u.profile !== undefined && !profiles.has(u.profile)) problems.push(`${at}.upgrades[${i}].profile: "${u.profile}" names no profile`);
      if (u.curve.kind === 'linear' && u.curve.end < u.curve.start) problems.push(`${at}.upgrades[${i}].curve.end: must be >= start (${u.curve.start}), got ${u.curve.end}`);
    });
  }
  return problems;
}
