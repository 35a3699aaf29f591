import type { NodeId } from '../core/index.ts';
import type { ArchitectureName } from './architecture.ts';

/** How two providers are interconnected (issue 17); see scenarios/worldSchema.ts for each meaning. */
export const ARRANGEMENT_NAMES = ['none', 'client-api', 'bridge-reencrypt', 'bridge-e2ee', 'federated', 'hub'] as const;
export type ArrangementName = (typeof ARRANGEMENT_NAMES)[number];

/** The E2EE protocol a provider's clients speak. */
export type ProviderProtocol = 'mls' | 'signal';

/** What crosses a reference offer (bridge-e2ee). */
export interface OfferLimits {
  /** Share of the offering provider's users reachable through the offer (they opted in). */
  readonly optInShare: number;
  /** Groups cross the offer from this second of the run on (1:1 from the start); undefined: never. */
  readonly groupsAfterSeconds: number | undefined;
  /** Whether disappearing-message timers cross the offer. */
  readonly disappearingTimers: boolean;
}

/** One provider pair's arrangement. */
export interface PairArrangement {
  readonly kind: ArrangementName;
  /** bridge-e2ee: the provider whose offer it is; it hosts the conversations that cross it. */
  readonly offeredBy?: NodeId;
  readonly limits?: OfferLimits;
}

/**
 * A world's interconnection as one table (STYLE: "Per-pair arrangements are data too"): the protocol
 * of each provider and the arrangement of each provider pair, with a default for pairs not listed.
 * `architecture: X` compiles to the uniform table of X. Built by the plan step, read by placement,
 * routing and population; carried in the run result so per-pair measurements can be labelled.
 */
export interface ArrangementTable {
  /** The architecture this table is the uniform world of, if it is one. */
  readonly uniform: ArchitectureName | undefined;
  /** Protocol per provider, in the scenario's provider order. */
  readonly protocols: readonly { readonly provider: NodeId; readonly protocol: ProviderProtocol }[];
  readonly fallback: PairArrangement;
  /** Listed pairs, keyed by `pairKey`. */
  readonly pairs: ReadonlyMap<string, PairArrangement>;
}

/** The key of an unordered provider pair. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The arrangement between two providers (undefined for a provider with itself). */
export function arrangementOf(table: ArrangementTable, a: NodeId, b: NodeId): PairArrangement | undefined {
  if (a === b) return undefined;
  return table.pairs.get(pairKey(a, b)) ?? table.fallback;
}

export function protocolOfProvider(table: ArrangementTable, provider: NodeId): ProviderProtocol | undefined {
  return table.protocols.find((p) => p.provider === provider)?.protocol;
}

/** Every distinct arrangement in use between the table's providers. */
export function arrangementsInUse(table: ArrangementTable): Set<ArrangementName> {
  const out = new Set<ArrangementName>();
  const ids = table.protocols.map((p) => p.provider);
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.add(arrangementOf(table, ids[i]!, ids[j]!)!.kind);
  return out;
}

/** The arrangement every pair of a uniform architecture has. */
export const ARRANGEMENT_OF_ARCHITECTURE: Readonly<Record<ArchitectureName, ArrangementName>> = {
  silo: 'none',
  'client-api': 'client-api',
  'bridge-reencrypt': 'bridge-reencrypt',
  'bridge-e2ee': 'bridge-e2ee',
  'federated-mls': 'federated',
  'mimi-hub': 'hub',
};
