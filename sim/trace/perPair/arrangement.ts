/**
 * How two providers' users reach each other (issue 17's interconnection per provider pair), plus
 * `intra` (a provider's own users, on its own service) and `cleartext` (a copy that left the E2EE
 * path: an SMS-style transport fallback every server on the way reads).
 */
export type Arrangement = 'intra' | 'none' | 'client-api' | 'bridge-reencrypt' | 'bridge-e2ee' | 'federated' | 'hub' | 'cleartext';

export const ARRANGEMENTS: readonly Arrangement[] = ['intra', 'none', 'client-api', 'bridge-reencrypt', 'bridge-e2ee', 'federated', 'hub', 'cleartext'];

/** An E2EE protocol a provider's clients speak, e.g. `mls` or `signal` (open: engines may qualify it). */
export type Protocol = string;

/** What a pair of providers is labelled with: the arrangement between them and each side's protocol. */
export interface PairLabel {
  readonly arrangement: Arrangement;
  /** The protocol of the first provider's users, then the second's. */
  readonly protocols: readonly [Protocol, Protocol];
}

/** One listed pair of a world's arrangement table (unordered: `a`-`b` is `b`-`a`). */
export interface PairArrangement {
  readonly a: string;
  readonly b: string;
  readonly arrangement: Arrangement;
}

/**
 * What a run says about its world, enough to label any pair: a default arrangement for pairs the
 * table does not list, the listed pairs, a default protocol and per-provider exceptions. A uniform
 * world (every run before heterogeneous worlds) is just the defaults.
 */
export interface RunInfo {
  readonly defaultArrangement: Arrangement;
  readonly pairs?: readonly PairArrangement[];
  readonly defaultProtocol: Protocol;
  readonly protocols?: Readonly<Record<string, Protocol>>;
}
