import { arrangementOf, type ArchitectureName, type ArrangementName, type ArrangementTable, type OfferLimits, type ProviderProtocol } from '../interop/index.ts';
import type { NodeId } from '../core/index.ts';

/** One provider pair's arrangement, as a run reports it. */
export interface PairSummary {
  readonly between: readonly [string, string];
  readonly kind: ArrangementName;
  readonly offeredBy?: string;
  readonly limits?: OfferLimits;
}

/**
 * The world a run ran in, as data for labelling (per-pair tables, the viewer's matrix): the protocol
 * of each provider and the arrangement of every provider pair (listed or defaulted), in provider order.
 */
export interface ArrangementSummary {
  /** The architecture this world is the uniform table of, if it is one. */
  readonly uniform?: ArchitectureName;
  readonly protocols: Readonly<Record<string, ProviderProtocol>>;
  readonly default: ArrangementName;
  readonly pairs: readonly PairSummary[];
}

export function describeArrangements(table: ArrangementTable): ArrangementSummary {
  const protocols: Record<string, ProviderProtocol> = {};
  for (const p of table.protocols) protocols[p.provider] = p.protocol;
  const ids = table.protocols.map((p) => p.provider);
  const pairs: PairSummary[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const a = arrangementOf(table, ids[i]!, ids[j]!)!;
      pairs.push({ between: [ids[i]!, ids[j]!], kind: a.kind, ...(a.offeredBy !== undefined && { offeredBy: a.offeredBy }), ...(a.limits !== undefined && { limits: a.limits }) });
    }
  return { ...(table.uniform !== undefined && { uniform: table.uniform }), protocols, default: table.fallback.kind, pairs };
}

/** `gatekeeper-entrantA: bridge-e2ee (offered by gatekeeper)`: one pair as a label. */
export function pairLabel(table: ArrangementTable, a: NodeId, b: NodeId): string {
  const arr = arrangementOf(table, a, b);
  if (arr === undefined) return `${a}: own provider`;
  return `${a}-${b}: ${arr.kind}${arr.offeredBy !== undefined ? ` (offered by ${arr.offeredBy})` : ''}`;
}
