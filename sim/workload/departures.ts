import { seconds, type NodeId, type RandomStream, type SimTime } from '../core/index.ts';
import type { DeviceActor } from '../actors/device.ts';
import type { DepartedClients } from '../actors/membership/departedClients.ts';
import type { HubRemovals } from '../actors/membership/hubRemovals.ts';
import type { World } from '../actors/world.ts';
import type { ConversationPlan } from './conversations.ts';
import type { UserPlan } from './population.ts';
import type { Workload } from './workload.ts';

/** What departed: user-conversation departures, app deletions, the devices concerned. */
export interface DepartureStats {
  /** A user leaving one conversation (an app deletion counts once per conversation the user was in). */
  departures: number;
  appDeletions: number;
  devicesDeparted: number;
}

export interface DepartureSettings {
  readonly perGroupPerHour: number;
  readonly leaveAppShare: number;
}

/**
 * Users departing at seeded times (workload.departures): per group conversation a Poisson process
 * on its own stream (`workload/departures/<conversation>`, so no other stream moves). Each departure
 * is a user leaving that conversation or, with `leaveAppShare`, deleting the app (leaving the
 * provider): then every conversation the user is in. The departing clients stop at once
 * (DepartedClients); the group then loses their devices as the architecture says: under `mimi-hub`
 * the hub proposes the Removes as an external sender and a member commits them (HubRemovals);
 * elsewhere a member (or the bridge, for its provider's group) commits the removal.
 */
export class Departures {
  readonly stats: DepartureStats = { departures: 0, appDeletions: 0, devicesDeparted: 0 };

  constructor(
    private readonly world: World,
    private readonly settings: DepartureSettings,
    private readonly workload: Workload,
    private readonly device: (id: string) => DeviceActor | undefined,
    private readonly departed: DepartedClients,
    private readonly end: SimTime,
    /** Under mimi-hub with MLS: the hub removes by external proposal. */
    private readonly hub?: HubRemovals,
  ) {}

  private conversations: readonly ConversationPlan[] = [];

  start(conversations: readonly ConversationPlan[]): void {
    this.conversations = conversations;
    // A user who left a conversation may be invited back by churn: its clients take part again.
    this.workload.onAdded = (c, user) => {
      const group = this.workload.groupFor(c, user);
      for (const d of this.workload.devicesFor(c, user)) this.departed.readd(d as NodeId, group);
    };
    const { sim, streams } = this.world;
    const rate = this.settings.perGroupPerHour / 3600;
    for (const c of conversations) {
      if (c.kind !== 'group') continue;
      const rng = streams.stream(`workload/departures/${c.name}`);
      const next = (): void => {
        const t = sim.now + seconds(rng.exponential(rate));
        if (t >= this.end) return;
        sim.scheduleAt(t as SimTime, async () => {
          await this.departure(c, rng);
          next();
        });
      };
      sim.schedule(seconds(3), next);
    }
  }

  private async departure(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const roster = [...this.workload.intended(c.name)];
    if (roster.length < 2) return;
    const user = rng.pick(roster);
    if (!rng.chance(this.settings.leaveAppShare)) return this.leave(c, user);
    // The app is deleted (the user leaves the provider): every conversation, and no new ones.
    this.stats.appDeletions++;
    this.workload.gone.add(user);
    for (const d of user.devices) this.departed.deleteApp(d as NodeId);
    for (const other of this.conversations) if (this.workload.intended(other.name).has(user)) await this.leave(other, user);
  }

  private async leave(c: ConversationPlan, user: UserPlan): Promise<void> {
    const group = this.workload.groupFor(c, user);
    const devices = this.workload.devicesFor(c, user) as NodeId[];
    const { trace, sim } = this.world;
    this.stats.departures++;
    for (const id of devices) {
      this.stats.devicesDeparted++;
      this.departed.leave(id, group);
      const d = this.device(id);
      d?.depart(group);
      trace.emit({ type: 'mls', t: sim.now, op: 'departure', by: id, group, epoch: d?.memberships().get(group) ?? -1, bytes: 0 });
    }
    // Who commits is drawn from a stream of its own: every architecture draws the same departures.
    const by = this.world.streams.stream(`workload/departures/${c.name}/committer`);
    if (this.hub === undefined) return this.workload.depart(c, user, by);
    await this.workload.depart(c, user, by, false);
    await this.hub.depart(group, devices);
  }
}
