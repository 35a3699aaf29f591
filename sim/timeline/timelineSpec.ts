import { z } from 'zod';
import { INPUT_NAMES, type InputName } from './inputs.ts';

/**
 * A timeline file: a population of providers and users, the behavioural inputs, and one or more
 * variants (the policy as a dated schedule of phases). The first variant is the baseline; the others are
 * its counterfactuals, run on the same population and seeds.
 */
const date = z.string({ error: 'expected a date YYYY-MM or YYYY-MM-DD' }).regex(/^\d{4}-\d{2}(-\d{2})?$/, { error: 'expected a date YYYY-MM or YYYY-MM-DD' });
const share = z.number({ error: 'expected a share between 0 and 1' }).min(0, { error: 'expected a share between 0 and 1' }).max(1, { error: 'expected a share between 0 and 1' });
const id = z.string({ error: 'expected a provider id' }).regex(/^[a-z][a-z0-9-]*$/, { error: 'expected an id (lower-case letters, digits, -)' });

export const FEATURES = ['oneToOne', 'groups', 'calls'] as const;
export type Feature = (typeof FEATURES)[number];
export const ARRANGEMENTS = ['bridge-e2ee', 'bridge-reencrypt', 'federated-mls', 'mimi-hub'] as const;
export type ArrangementKind = (typeof ARRANGEMENTS)[number];
export type Protocol = 'mls' | 'signal';

const feature = z.enum(FEATURES, { error: `expected one of ${FEATURES.join(', ')}` });
const protocol = z.enum(['mls', 'signal'], { error: 'expected mls or signal' });

export const providerSchema = z
  .object({
    id,
    name: z.string().optional(),
    /** gatekeeper: designated under Art. 7; alternative: an established non-gatekeeper app; entrant: arrives later; other: not in scope. */
    role: z.enum(['gatekeeper', 'alternative', 'entrant', 'other'], { error: 'expected gatekeeper, alternative, entrant or other' }),
    /** Share of users for whom this is the main service at the start. */
    mainShare: share.default(0),
    /** Monthly users worldwide, millions: weights which extra apps people hold. */
    sizeMillions: z.number({ error: 'expected a number of millions' }).positive({ error: 'expected a positive number of millions' }).default(1),
    /** The app's own quality (0..1), apart from whom it reaches. */
    quality: share.default(0.8),
    /** The E2EE protocol its clients speak (what its worlds run). */
    protocol: protocol.default('mls'),
    /** Whether its own chats are end-to-end encrypted by default. */
    e2eeByDefault: z.boolean().default(true),
    /** When it starts (entrants); absent = present from the start. */
    arrives: date.optional(),
    /** Share of users who install it the month it arrives (its first adopters). */
    seedShare: share.default(0.002),
    source: z.string().optional(),
  })
  .strict();

export const offerSchema = z
  .object({
    arrangement: z.enum(ARRANGEMENTS, { error: `expected one of ${ARRANGEMENTS.join(', ')}` }),
    protocol,
    features: z.array(feature).default(['oneToOne']),
    /** Third-party chats off until each gatekeeper user turns them on, or on for everyone. */
    optIn: z.enum(['off-by-default', 'on-by-default'], { error: 'expected off-by-default or on-by-default' }).default('off-by-default'),
    /** requesters: gatekeeper <-> each provider that asked (Art. 7); all-pairs: every pair of providers (a mandated standard). */
    scope: z.enum(['requesters', 'all-pairs'], { error: 'expected requesters or all-pairs' }).default('requesters'),
    /** Quality of a chat through the offer relative to a native one; default: the input offerQuality. */
    quality: share.optional(),
    /** Regions whose gatekeeper users the offer serves (`users.regions`); absent: every region. */
    regions: z.array(z.string().min(1, { error: 'expected a region name' })).min(1, { error: 'expected at least one region' }).optional(),
    /** Client platforms the offer's third-party chats run on (`users.platforms`); absent: every platform. */
    platforms: z.array(z.string().min(1, { error: 'expected a platform name' })).min(1, { error: 'expected at least one platform' }).optional(),
  })
  .strict();

export const phaseSchema = z
  .object({
    date,
    label: z.string({ error: 'expected a label' }).min(1, { error: 'expected a label' }),
    source: z.string().optional(),
    /** The gatekeeper's offer from this date (null: withdrawn). */
    offer: offerSchema.nullable().optional(),
    /** Features added to the offer from this date. */
    addFeatures: z.array(feature).optional(),
    /** An extension granted: the next addition of this feature is pushed back by `months`. */
    extension: z.object({ feature, months: z.number().int().min(1, { error: 'expected a positive number of months' }).max(60, { error: 'expected at most 60 months' }) }).strict().optional(),
    /** Providers whose request for interoperability is made at this date (live at most requestToLiveMonths later). */
    requests: z.array(id).optional(),
  })
  .strict();

export const variantSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a name (lower-case letters, digits, -)' }),
    label: z.string().optional(),
    description: z.string().optional(),
    phases: z.array(phaseSchema).min(1, { error: 'expected at least one phase' }),
  })
  .strict();

const inputOverride = z.union([
  z.number({ error: 'expected a number or { value, range: [low, high] }' }),
  z.object({ value: z.number(), range: z.tuple([z.number(), z.number()]).optional() }).strict(),
]);

export const timelineSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a name (lower-case letters, digits, -)' }),
    title: z.string().optional(),
    question: z.string().optional(),
    description: z.string().optional(),
    start: date,
    months: z.number({ error: 'expected a number of months' }).int({ error: 'expected a whole number of months' }).min(1, { error: 'expected 1 to 240 months' }).max(240, { error: 'expected 1 to 240 months' }),
    /** Users the population stands for (only absolute counts use it). */
    population: z.number().int().min(1, { error: 'expected a positive integer' }).default(1_000_000),
    /** Sampled agents simulated (each stands for population / agents users). */
    agents: z.number().int().min(100, { error: 'expected at least 100 agents' }).max(5_000_000, { error: 'expected at most 5,000,000 agents' }).default(20_000),
    seed: z.union([z.number().int(), z.string()]).default(1),
    /** Where users live and which client platform they use (shares summing to 1): what an offer's regions and platforms constrain. */
    users: z
      .object({
        regions: z.record(z.string(), share).default({ eu: 1 }),
        platforms: z.record(z.string(), share).default({ mobile: 1 }),
      })
      .strict()
      .default({ regions: { eu: 1 }, platforms: { mobile: 1 } }),
    providers: z.array(providerSchema).min(2, { error: 'expected at least two providers' }).max(8, { error: 'expected at most 8 providers' }),
    inputs: z.record(z.string(), inputOverride).default({}),
    variants: z.array(variantSchema).min(1, { error: 'expected at least one variant' }),
    sources: z.array(z.string()).default([]),
  })
  .strict();

export type TimelineSpec = z.infer<typeof timelineSchema>;
export type ProviderSpec = z.infer<typeof providerSchema>;
export type OfferSpec = z.infer<typeof offerSchema>;
export type PhaseSpec = z.infer<typeof phaseSchema>;
export type VariantSpec = z.infer<typeof variantSchema>;

export const isInputName = (n: string): n is InputName => (INPUT_NAMES as string[]).includes(n);
