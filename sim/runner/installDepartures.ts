import type { NodeId, SimTime } from '../core/index.ts';
import { BridgeDevice } from '../actors/bridgeDevice.ts';
import type { DeviceActor, DeviceServices } from '../actors/device.ts';
import { DepartedClients } from '../actors/membership/departedClients.ts';
import { installGroupInfoStore } from '../actors/membership/groupInfoStore.ts';
import { HubRemovals, type HubRemovalStats } from '../actors/membership/hubRemovals.ts';
import { LostState, type LostStateStats } from '../actors/membership/lostState.ts';
import type { MembershipHooks } from '../actors/membership/membershipHooks.ts';
import type { ProviderActor } from '../actors/provider.ts';
import type { World } from '../actors/world.ts';
import type { ArchitectureName } from '../interop/index.ts';
import type { MlsEngine } from '../mls/engine.ts';
import { Departures, type DepartureStats } from '../workload/departures.ts';
import type { Workload } from '../workload/workload.ts';
import type { ConversationPlan } from '../workload/conversations.ts';
import type { Scenario } from '../../scenarios/schema.ts';

/** What a run with departures reports (summary.json `departures`). */
export interface DepartureSummary extends DepartureStats {
  /** How the groups lost the departed devices: `external-proposal` (a MIMI hub) or `member-commit`. */
  readonly removedBy: 'external-proposal' | 'member-commit';
  /** Copies that still reached a departed client and were refused there (rejected, reason `departed`). */
  readonly copiesRefused: number;
  /** Under mimi-hub: the hubs' external Remove proposals, and departed devices a member's commit of them removed. */
  readonly hub?: HubRemovalStats;
}

export interface MembershipRuntime {
  readonly departures?: Departures;
  readonly lostState?: LostState;
  departureSummary(): DepartureSummary | undefined;
}

/**
 * Installs the membership layer before the devices are spawned, when the scenario has departures
 * (workload.departures) or devices losing state (workload.lostState): the hooks every device
 * consults, the hubs as external senders under mimi-hub with MLS, the delivery services' GroupInfo
 * store for rejoins. Nothing otherwise, so other runs are unchanged.
 */
export function installMembership(s: Scenario, world: World, services: DeviceServices, engine: MlsEngine, providers: ReadonlyMap<NodeId, ProviderActor>, architecture: ArchitectureName) {
  const { departures: departing, lostState: losing } = s.workload;
  if (departing === undefined && losing === undefined) return undefined;
  const departed = departing === undefined ? undefined : new DepartedClients(world, services.plaintexts);
  const hub = departing !== undefined && architecture === 'mimi-hub' && s.protocol === 'mls' ? new HubRemovals(world, engine, providers) : undefined;
  hub?.install();
  const lost = losing === undefined ? undefined : new LostState(world, engine, services.plaintexts, losing);
  if (lost !== undefined) installGroupInfoStore(providers);
  const hooks: MembershipHooks = {
    intercept: (d, env) => departed?.intercept(d, env) === true || lost?.intercept(d, env) === true,
    groupExtensions: (group, suite) => (hub === undefined ? Promise.resolve(undefined) : hub.extensionsFor(group, suite)),
    wantsGroupInfo: () => hub !== undefined || lost !== undefined,
    ...(lost !== undefined && { rejoined: (d: DeviceActor, g: Parameters<LostState['rejoined']>[1], e: number) => lost.rejoined(d, g, e) }),
  };
  Object.assign(services, { membership: hooks });
  /** Starts the departure and lost-state processes once the workload exists. */
  return (workload: Workload, devices: ReadonlyMap<string, DeviceActor>, conversations: readonly ConversationPlan[], end: SimTime): MembershipRuntime => {
    const departures = departing === undefined ? undefined : new Departures(world, departing, workload, (d) => devices.get(d), departed!, end, hub);
    departures?.start(conversations);
    // The users' own devices (not a bridge, not an attacker's: those join later).
    lost?.start([...devices.values()].filter((d) => !(d instanceof BridgeDevice)), end);
    return {
      ...(departures !== undefined && { departures }),
      ...(lost !== undefined && { lostState: lost }),
      departureSummary: () =>
        departures === undefined ? undefined : { ...departures.stats, removedBy: hub === undefined ? 'member-commit' : 'external-proposal', copiesRefused: departed!.copiesRefused, ...(hub !== undefined && { hub: { ...hub.stats } }) },
    };
  };
}
