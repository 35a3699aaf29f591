import type { NodeId } from '../core/index.ts';
import type { ProtocolName } from '../actors/conversation/conversationProtocol.ts';
import type { GroupName } from '../actors/protocol.ts';
import { homeOfDevice, homeOfGroup, type World } from '../actors/world.ts';
import { arrangementOf, protocolOfProvider, type ArrangementTable } from '../interop/index.ts';
import type { OfferGate } from '../workload/hosting.ts';
import type { UserPlan } from '../workload/population.ts';

/**
 * The protocols a device registered at `provider` speaks: its provider's first, then the protocol of
 * each offer (bridge-e2ee) its provider reaches when that differs (the third-party client speaks the
 * gatekeeper's protocol to the gatekeeper's users). A server that is no provider (a bridge's) speaks MLS.
 */
export function protocolsOf(table: ArrangementTable, provider: NodeId): ProtocolName[] {
  const own = protocolOfProvider(table, provider) ?? 'mls';
  const out: ProtocolName[] = [own];
  for (const o of table.protocols) {
    if (o.provider === provider || out.includes(o.protocol)) continue;
    const a = arrangementOf(table, provider, o.provider);
    if (a?.kind === 'bridge-e2ee' && a.offeredBy === o.provider) out.push(o.protocol);
  }
  return out;
}

/** A re-encrypting bridge member speaks the protocol of every provider behind it (MLS first). */
export function bridgeProtocols(table: ArrangementTable): ProtocolName[] {
  const used = new Set<ProtocolName>();
  for (const p of table.protocols)
    if (table.protocols.some((q) => q.provider !== p.provider && arrangementOf(table, p.provider, q.provider)?.kind === 'bridge-reencrypt')) used.add(p.protocol);
  return (['mls', 'signal'] as const).filter((p) => used.has(p) || (used.size === 0 && p === 'mls'));
}

/** Who opted in to be reachable through an offer: one draw per user (its own named stream), below the offer's share. */
export function offerGate(world: World): OfferGate {
  const draws = new Map<string, number>();
  return {
    optedIn: (user: UserPlan, share: number) => {
      if (share >= 1) return true;
      let d = draws.get(user.id);
      if (d === undefined) draws.set(user.id, (d = world.streams.stream(`arrangements/opt-in/${user.id}`).uniform(0, 1)));
      return d < share;
    },
    nowSeconds: () => world.sim.now / 1_000_000,
  };
}

/**
 * Whether `device` takes part in `group` across an offer that carries no disappearing timers (the
 * reference offer's limit); undefined when no offer has that limit.
 */
export function timerlessAcrossOffers(table: ArrangementTable): ((group: GroupName, device: NodeId) => boolean) | undefined {
  if (![...table.pairs.values()].some((a) => a.limits?.disappearingTimers === false)) return undefined;
  return (group, device) => {
    const host = homeOfGroup(group);
    const from = homeOfDevice(device);
    const a = from === host ? undefined : arrangementOf(table, host, from);
    return a?.kind === 'bridge-e2ee' && a.offeredBy === host && a.limits?.disappearingTimers === false;
  };
}
