import { seconds, type NodeId, type SimTime } from '../core/index.ts';
import { BridgeDevice } from '../actors/bridgeDevice.ts';
import { DeviceActor, type DeviceServices } from '../actors/device.ts';
import type { ProviderActor } from '../actors/provider.ts';
import { userId } from '../actors/protocol.ts';
import type { ProtocolName } from '../actors/conversation/conversationProtocol.ts';
import type { World } from '../actors/world.ts';
import type { LinkParams } from '../net/index.ts';
import { schedulePresence } from '../workload/presence.ts';
import type { UserPlan } from '../workload/population.ts';
import type { Scenario } from '../../scenarios/schema.ts';

export const KEY_PACKAGES_PER_DEVICE = 3;

/**
 * The live devices of a run and the means to add users to it, including mid-run: a silo or a
 * multi-protocol client opens accounts at other providers when a contact is there.
 */
export class LivePopulation {
  readonly devices = new Map<string, DeviceActor>();
  /** Accounts per real user (its home account included). */
  private readonly accountsOf = new Map<string, number>();
  private readonly accountPlans = new Map<string, UserPlan>();
  /** The services a client device gets, when not the run's own (the multi-protocol client's per-service stacks). */
  servicesFor: ((device: NodeId, provider: NodeId, base: DeviceServices) => DeviceServices) | undefined;
  /** Each account opened for a person at another provider: the person and its home provider. */
  private readonly ownerOf = new Map<string, { readonly person: string; readonly home: string }>();

  constructor(
    private readonly world: World,
    private readonly scenario: Scenario,
    private readonly providers: ReadonlyMap<NodeId, ProviderActor>,
    private readonly services: DeviceServices,
    private readonly end: SimTime,
    /** The services of a provider's devices when they differ (another MLS engine), else the shared ones. */
    private readonly servicesAt?: (provider: NodeId) => DeviceServices | undefined,
  ) {}

  /** Brings a user's devices to life: nodes, access links, registration, MLS identities and KeyPackages. */
  spawn(u: UserPlan, options: { access?: LinkParams; bridge?: boolean; protocols?: ProtocolName[] } = {}): void {
    const { world, scenario: s } = this;
    const provider = this.providers.get(u.provider);
    if (provider === undefined) throw new Error(`no server ${u.provider} for ${u.id}`);
    u.devices.forEach((d, i) => {
      world.net.addNode({ id: d, kind: options.bridge ? 'bridge' : 'client' });
      world.net.addLink({ a: d, b: u.provider, ...(options.access ?? s.network.access) });
      provider.registerDevice(u.id, d, true);
      const Kind = options.bridge ? BridgeDevice : DeviceActor;
      const base = this.servicesAt?.(u.provider) ?? this.services;
      const services = options.bridge ? base : (this.servicesFor?.(d, u.provider, base) ?? base);
      const device = new Kind(world, services, d, u.id, u.provider, u.ciphersuites, (x) => provider.deviceWentOffline(x), (x, kind, h, payload) => provider.holdForLater(x, kind, h, payload), options.protocols);
      this.devices.set(d, device);
      world.sim.schedule(seconds(0), () => device.start(KEY_PACKAGES_PER_DEVICE));
      if (u.intermittent[i]) schedulePresence(world, device, world.streams.stream(`presence/${d}`), s.presence.meanOnlineSeconds, s.presence.meanOfflineSeconds, this.end);
    });
    if (!options.bridge) this.accountsOf.set(u.id, (this.accountsOf.get(u.id) ?? 0) + 1);
  }

  /** The account `user` holds at `provider`, opened now if it has none (with mirrored devices). */
  account(user: UserPlan, provider: NodeId): UserPlan {
    const local = user.id.slice(0, user.id.lastIndexOf('@'));
    const key = `${user.id}>${provider}`;
    let plan = this.accountPlans.get(key);
    if (plan === undefined) {
      const name = `${local}-${user.provider}`;
      plan = {
        id: userId(`${name}@${provider}`),
        provider,
        devices: user.devices.map((_, k) => `${provider}/${name}/d${k}` as NodeId),
        ciphersuites: user.ciphersuites,
        intermittent: user.intermittent,
      };
      this.accountPlans.set(key, plan);
      this.ownerOf.set(plan.id, { person: user.id, home: user.provider });
      this.spawn(plan);
      this.accountsOf.set(plan.id, 0); // an account is not a person
      this.accountsOf.set(user.id, (this.accountsOf.get(user.id) ?? 0) + 1);
    }
    return plan;
  }

  /** The person behind a device and its home provider; undefined for infrastructure (a bridge's gateway). */
  partyOf(device: string): { readonly person: string; readonly home: string } | undefined {
    // Asked for every copy sent and delivered (sim/trace/perPair). Once a device's account is known
    // its party never changes (an account's owner is filed before it is spawned): one object, kept.
    let p = this.parties.get(device);
    if (p !== undefined) return p;
    const d = this.devices.get(device);
    if (d === undefined || !this.accountsOf.has(d.user)) return undefined;
    p = this.ownerOf.get(d.user) ?? { person: d.user, home: d.provider };
    this.parties.set(device, p);
    return p;
  }

  private readonly parties = new Map<string, { readonly person: string; readonly home: string }>();

  /** Accounts a person holds, its home account included (0 for an account that is not a person). */
  accountsHeldBy(person: string): number {
    return this.accountsOf.get(person) ?? 0;
  }

  /** Whether `user` holds an account at `provider` (its home, or one opened there), without opening one. */
  hasAccount(user: { readonly id: string; readonly provider: string }, provider: string): boolean {
    return user.provider === provider || this.accountPlans.has(`${user.id}>${provider}`);
  }

  /** Mean accounts per real user. */
  accountsPerUser(): number {
    let people = 0, accounts = 0;
    for (const n of this.accountsOf.values()) if (n > 0) (people++, (accounts += n));
    return people === 0 ? 0 : accounts / people;
  }
}
