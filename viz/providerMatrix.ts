import { ATTACKER_KIND, CLIENT_KIND, type Entity } from './entities.ts';
import { ARROW_CLASSES, EVENT_TYPES, type TraceIndex } from './traceIndex.ts';

/**
 * Traffic between the run's parties, one row and one column each: providers (a device counts as its
 * provider), then the other servers (bridges, hubs, discovery), then attackers. Rows send, columns
 * receive. Readable at any number of providers, where a node-link drawing of every pair is not.
 */
export interface ProviderMatrix {
  readonly parties: readonly string[];
  readonly kinds: readonly string[];
  /** Wire bytes of every hop (handshakes included) from a row's nodes to a column's. */
  readonly bytes: readonly (readonly number[])[];
  /** Application-message copies from a sender at the row to a recipient at the column (each with an outcome). */
  readonly messages: readonly (readonly number[])[];
  /** Decryptions (`expose`) by a party at the column that is not an intended endpoint, of messages sent from the row. */
  readonly exposures: readonly (readonly number[])[];
}

const DROPPED = ARROW_CLASSES.indexOf('dropped');
const OUTCOMES = new Set(['deliver', 'drop', 'reject'].map((t) => EVENT_TYPES.indexOf(t as (typeof EVENT_TYPES)[number])));
const EXPOSE = EVENT_TYPES.indexOf('expose');
const RANK: Record<string, number> = { provider: 0, [ATTACKER_KIND]: 2 };

export function providerMatrix(index: TraceIndex, entities: ReadonlyMap<string, Entity>): ProviderMatrix {
  const ownerOfId = (id: string) => {
    const e = entities.get(id);
    return e === undefined ? id : e.kind === CLIENT_KIND ? (e.provider ?? '?') : e.id;
  };
  const owners = index.nodes.values.map(ownerOfId);
  const kindOf = (p: string) => entities.get(p)?.kind ?? (p === '?' ? CLIENT_KIND : 'server');
  const parties = [...new Set(owners)].sort((a, b) => (RANK[kindOf(a)] ?? 1) - (RANK[kindOf(b)] ?? 1) || (a < b ? -1 : a > b ? 1 : 0));
  const at = new Map(parties.map((p, i) => [p, i]));
  const ownerIdx = Int32Array.from(owners, (o) => at.get(o)!);
  const square = () => parties.map(() => new Array<number>(parties.length).fill(0));
  const bytes = square(), messages = square(), exposures = square();
  const { arrows, events, messages: msgs } = index;
  for (let i = 0; i < arrows.count; i++) {
    if (arrows.cls[i] === DROPPED) continue;
    bytes[ownerIdx[arrows.from[i]!]!]![ownerIdx[arrows.to[i]!]!]! += arrows.bytes[i]!;
  }
  for (let e = 0; e < events.count; e++) {
    const type = events.type[e]!;
    const from = msgs.from[events.msg[e]!]!;
    if (from < 0) continue;
    const row = ownerIdx[from]!, col = ownerIdx[events.node[e]!]!;
    if (OUTCOMES.has(type)) messages[row]![col]!++;
    else if (type === EXPOSE) exposures[row]![col]!++;
  }
  return { parties, kinds: parties.map(kindOf), bytes, messages, exposures };
}
