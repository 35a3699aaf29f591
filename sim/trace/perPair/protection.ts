import type { Arrangement, PairLabel, Protocol } from './arrangement.ts';

/**
 * The protection order of the weakest-link measure, weakest first (the README says why):
 * 0 `cleartext`: the copy crossed in clear, every server on the way read it;
 * 1 `bridge-reencrypt`: a bridge decrypted and re-encrypted it, so it read every message;
 * 2 `bridge-e2ee`, `client-api`: still end to end, but one side's keys come through a party that
 *   is not the user's own provider (the gatekeeper's offer and directory, a third-party client vendor);
 * 3 `intra`, `none`, `federated`, `hub`: end to end with each user's keys vouched for by that user's
 *   own provider, one protocol from sender to recipient (`none`: the user's own account at the host).
 */
export const PROTECTION_LEVEL: Readonly<Record<Arrangement, number>> = {
  cleartext: 0,
  'bridge-reencrypt': 1,
  'bridge-e2ee': 2,
  'client-api': 2,
  intra: 3,
  none: 3,
  federated: 3,
  hub: 3,
};

/**
 * Tie-break inside a level, by protocol: MLS above Signal, because an MLS group heals after a
 * compromise with one commit (RFC 9420 §1, §8) while a Signal group's sender-key chains heal only
 * when each sender rotates; unknown protocols rank lowest.
 */
export const PROTOCOL_RANK: Readonly<Record<string, number>> = { signal: 1, mls: 2 };

const rankOf = (p: Protocol): number => PROTOCOL_RANK[p] ?? 0;

/** Where a copy or a message stands in the order; `pq` (a post-quantum suite) is the last tie-break. */
export interface Protection {
  readonly arrangement: Arrangement;
  /** The weaker side's protocol. */
  readonly protocol: Protocol;
  readonly pq: boolean;
}

export function protectionOf(label: PairLabel, pq: boolean): Protection {
  const [a, b] = label.protocols;
  return { arrangement: label.arrangement, protocol: rankOf(a) <= rankOf(b) ? a : b, pq };
}

/** Negative when `x` protects less than `y`; compares level, then protocol, then (if `withSuite`) the suite. */
export function compareProtection(x: Protection, y: Protection, withSuite = true): number {
  return PROTECTION_LEVEL[x.arrangement] - PROTECTION_LEVEL[y.arrangement] || rankOf(x.protocol) - rankOf(y.protocol) || (withSuite ? Number(x.pq) - Number(y.pq) : 0);
}

/** `bridge-reencrypt/mls`, `federated/mls+pq`: how tables name a protection. */
export const protectionName = (p: Protection): string => `${p.arrangement}/${p.protocol}${p.pq ? '+pq' : ''}`;
