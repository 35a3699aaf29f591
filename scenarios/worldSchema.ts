import { z } from 'zod';
import { identifier, nonNegativeNumber, probability } from './fields.ts';
import { LIMITS } from './limits.ts';
import { ARRANGEMENT_NAMES } from '../sim/interop/arrangement.ts';

/**
 * How two providers are interconnected (issue 17), the per-pair counterpart of an architecture:
 * - `none`: silo; reaching a user there takes an account (and an app) there.
 * - `client-api`: a multi-protocol client holds an account at the other provider, in one app.
 * - `bridge-reencrypt`: a bridge member in one group per side re-encrypts between them.
 * - `bridge-e2ee`: the gatekeeper-hosted reference offer; the third party's clients speak the
 *   offering provider's protocol, take keys from its directory, and its gateway relays ciphertext.
 * - `federated`: provider to provider, end to end on one protocol (both sides must speak it).
 * - `hub`: MIMI rooms; the room's hub orders and fans out (both sides on one protocol).
 */
export { ARRANGEMENT_NAMES, type ArrangementName } from '../sim/interop/arrangement.ts';

/** What the reference offer lets across (Meta's offer: 1:1 first, groups later; no disappearing timers across it). */
export const offerLimitsSchema = z
  .object({
    /** Share of the offering provider's users who opted in to be reachable through the offer. */
    optInShare: probability().default(1),
    /** Group conversations cross the offer only from this second on (1:1 from the start); absent: never. */
    groupsAfterSeconds: nonNegativeNumber(LIMITS.durationSeconds).optional(),
    /** Whether disappearing-message timers cross the offer (a timer is dropped across it when false). */
    disappearingTimers: z.boolean().default(true),
  })
  .strict();

export const pairArrangementSchema = z
  .object({
    /** The two providers (order does not matter, except that `bridge-e2ee` is offered by the first unless `offeredBy` says). */
    between: z.tuple([identifier(), identifier()]),
    kind: z.enum(ARRANGEMENT_NAMES),
    /** bridge-e2ee: the provider whose offer it is (it hosts the cross-provider conversations). */
    offeredBy: identifier().optional(),
    /** bridge-e2ee: what crosses the offer; without limits everything does, for every user. */
    limits: offerLimitsSchema.optional(),
  })
  .strict();

/** The interconnection of a heterogeneous world: one arrangement per provider pair, with a default. */
export const arrangementsSchema = z
  .object({
    /** The arrangement of every pair not listed. */
    default: z.enum(ARRANGEMENT_NAMES),
    pairs: z.array(pairArrangementSchema).max(LIMITS.providers * LIMITS.providers).default([]),
  })
  .strict();

export type ArrangementsConfig = z.output<typeof arrangementsSchema>;
export type PairArrangementConfig = z.output<typeof pairArrangementSchema>;
export type OfferLimitsConfig = z.output<typeof offerLimitsSchema>;
