import type { NodeId } from '../core/index.ts';
import { arrangementOf, type ArrangementTable, type OfferLimits, type PairArrangement } from '../interop/index.ts';
import type { ConversationPlan } from './conversations.ts';
import type { UserPlan } from './population.ts';

/**
 * How one provider's members take part in a conversation hosted elsewhere:
 * - `host`: they are at the host.
 * - `own`: from their own provider, in the host's group (federated or hub: one protocol on both sides).
 * - `offer`: from their own provider, speaking the host's protocol through its offer (bridge-e2ee).
 * - `account`: through an account at the host (none, client-api, or an offer this conversation may not cross).
 * - `side`: in a group of their own provider, on its protocol, joined to the host's by a re-encrypting bridge.
 */
export type MemberMode = 'host' | 'own' | 'offer' | 'account' | 'side';

/** Who hosts a conversation (and so which protocol carries its host group), and how each provider takes part. */
export interface Hosting {
  readonly host: NodeId;
  modeOf(provider: NodeId): MemberMode;
  /** Groups at this host are named per side (`name.host@host`): the host is behind a re-encrypting bridge. */
  readonly sideNamed: boolean;
  /** Some member provider takes part through its own side's group (the bridge is a member). */
  readonly hasSides: boolean;
}

/** What the offers' limits depend on: who opted in, and the time (groups may cross only later). */
export interface OfferGate {
  /** Whether `user` opted in to an offer that reaches `share` of its provider's users. */
  optedIn(user: UserPlan, share: number): boolean;
  /** Seconds of virtual time now. */
  nowSeconds(): number;
}

/**
 * The hosting rule (README "Worlds"): a conversation among one provider's users lives there. One that
 * crosses a reference offer (a bridge-e2ee pair among its members' providers) lives at the offering
 * provider, on its protocol, and third-party members join through the offer when the offer admits the
 * conversation (every host-side member opted in; a group only once groups are allowed), else through
 * an account there. Otherwise it lives at its creator's provider. Each other member's provider then
 * takes part as its arrangement with the host says (see MemberMode).
 */
export function hostingOf(table: ArrangementTable, c: ConversationPlan, gate: OfferGate): Hosting {
  const providers = [...new Set(c.members.map((m) => m.provider))];
  const host = providers.length > 1 ? (offererAmong(table, providers) ?? c.creator.provider) : c.creator.provider;
  const admitted = (limits: OfferLimits | undefined): boolean => {
    if (limits === undefined) return true;
    if (c.kind === 'group' && (limits.groupsAfterSeconds === undefined || gate.nowSeconds() < limits.groupsAfterSeconds)) return false;
    return c.members.every((m) => m.provider !== host || gate.optedIn(m, limits.optInShare));
  };
  const modes = new Map<NodeId, MemberMode>();
  const modeOf = (p: NodeId): MemberMode => {
    let m = modes.get(p);
    if (m === undefined) modes.set(p, (m = p === host ? 'host' : modeFor(arrangementOf(table, host, p)!, host, admitted)));
    return m;
  };
  const sideNamed = table.uniform === 'bridge-reencrypt' || (table.uniform === undefined && behindBridge(table, host));
  return { host, modeOf, sideNamed, hasSides: providers.some((p) => modeOf(p) === 'side') };
}

function modeFor(a: PairArrangement, host: NodeId, admitted: (limits: OfferLimits | undefined) => boolean): MemberMode {
  switch (a.kind) {
    case 'federated':
    case 'hub':
      return 'own';
    case 'bridge-e2ee':
      return a.offeredBy === host && admitted(a.limits) ? 'offer' : 'account';
    case 'none':
    case 'client-api':
      return 'account';
    case 'bridge-reencrypt':
      return 'side';
    default:
      return unreachable(a.kind);
  }
}

/** The offering provider of the first bridge-e2ee pair among `providers` (pairs in the order given). */
function offererAmong(table: ArrangementTable, providers: readonly NodeId[]): NodeId | undefined {
  for (let i = 0; i < providers.length; i++)
    for (let j = i + 1; j < providers.length; j++) {
      const a = arrangementOf(table, providers[i]!, providers[j]!)!;
      if (a.kind === 'bridge-e2ee' && a.offeredBy !== undefined) return a.offeredBy;
    }
  return undefined;
}

/** Whether `p` has a re-encrypting bridge to any other provider. */
function behindBridge(table: ArrangementTable, p: NodeId): boolean {
  return table.protocols.some((q) => q.provider !== p && arrangementOf(table, p, q.provider)!.kind === 'bridge-reencrypt');
}

function unreachable(x: never): never {
  throw new Error(`unknown arrangement ${String(x)}`);
}
