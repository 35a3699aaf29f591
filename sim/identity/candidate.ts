import type { SimTime } from '../core/index.ts';
import type { ProviderId } from './providerId.ts';

/** A provider that some source claims holds an identifier. */
export interface Candidate {
  readonly provider: ProviderId;
  /** When that provider's registration began (ZERO for hierarchical names, which are never registered elsewhere). */
  readonly registeredAt: SimTime;
  /** The source's entry points to a provider that no longer holds the identifier: a misroute risk. */
  readonly stale: boolean;
}

/** Oldest registration first, provider id breaking ties, so every choice is reproducible. */
export const byRegistration = (a: Candidate, b: Candidate): number =>
  a.registeredAt - b.registeredAt || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0);
