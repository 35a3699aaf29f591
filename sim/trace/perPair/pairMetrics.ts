import type { ExposureRole } from '../records.ts';
import type { Arrangement, Protocol } from './arrangement.ts';

/**
 * What `compare` measures for a whole run, measured for the copies from one provider's users (`from`)
 * to another's (`to`), people counted at their home provider (an account a silo user opened
 * elsewhere still counts as that user). A copy's confidentiality is its message's: once a bridge or an
 * attacker held the plaintext, every copy of that message was readable there.
 */
export interface PairMetrics {
  readonly from: string;
  readonly to: string;
  readonly arrangement: Arrangement;
  /** Protocol of `from`'s users, then `to`'s. */
  readonly protocols: readonly [Protocol, Protocol];
  /** Application messages with at least one copy in the pair, and the copies (each has one outcome). */
  readonly messages: number;
  readonly copies: number;
  readonly delivered: number;
  readonly deliveryRatio: number;
  /** Copies whose message no party but its endpoints decrypted, in percent of the pair's copies. */
  readonly e2eePreservedPct: number;
  /** Non-endpoint parties that held the plaintext of a copy's message, per copy. */
  readonly exposurePerCopy: number;
  /** Those readers by role, summed over copies (a bridge that read a message counts once per copy of it). */
  readonly exposuresByRole: Readonly<Partial<Record<ExposureRole, number>>>;
  /** Non-endpoint holders of the group's keys (able to forge) per copy. */
  readonly forgeryCapablePerCopy: number;
  /** Delivery latency of the pair's delivered copies, milliseconds of virtual time. */
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
  /** Copies a recipient's client rendered (decrypted, or read in clear, and shown). */
  readonly rendered: number;
  /** Mean feature fidelity over the copies rendered, and the share that fell back (NaN: no content layer). */
  readonly featureFidelity: number;
  readonly contentFallbackPct: number;
  /** Copies that crossed in clear over the transport fallback, in percent. */
  readonly cleartextPct: number;
  /** Copies decrypted by a person the sender never meant (`to` is that person's provider), in percent. */
  readonly misdeliveredPct: number;
  /** Mean accounts held by the people at either end of the pair's copies. */
  readonly accountsPerUser: number;
}

/** The numeric per-pair measures, in the order tables print them. */
export const PAIR_METRICS = [
  'copies',
  'deliveryRatio',
  'e2eePreservedPct',
  'exposurePerCopy',
  'forgeryCapablePerCopy',
  'latencyP50Ms',
  'latencyP95Ms',
  'featureFidelity',
  'contentFallbackPct',
  'cleartextPct',
  'misdeliveredPct',
  'accountsPerUser',
] as const satisfies readonly (keyof PairMetrics)[];

export type PairMetric = (typeof PAIR_METRICS)[number];

/** The weakest-link measure of a run (sim/trace/perPair/protection.ts holds the order). */
export interface WeakestLink {
  /** Messages by the weakest protection any of their copies crossed, e.g. `bridge-reencrypt/mls`. */
  readonly byWeakest: Readonly<Record<string, number>>;
  /** Per provider: the protection it gives its own users, and how many of its users' messages got less. */
  readonly providers: readonly {
    readonly provider: string;
    readonly promise: string;
    /** Messages a user of this provider sent or received. */
    readonly messages: number;
    readonly belowPromise: number;
    readonly belowPromisePct: number;
  }[];
}

export interface PerPairReport {
  /** False when pairs differ in arrangement or providers in protocol (then `run` prints the table). */
  readonly uniform: boolean;
  readonly providers: readonly string[];
  /** Pairs that carried at least one copy, rows (senders) then columns (recipients) in provider order. */
  readonly pairs: readonly PairMetrics[];
  readonly weakestLink: WeakestLink;
}
