import { messageId, seconds, type RandomStream, type SimTime } from '../core/index.ts';
import type { DeviceActor } from '../actors/device.ts';
import type { GroupName } from '../actors/protocol.ts';
import type { World } from '../actors/world.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { pickMembers, type ConversationPlan } from './conversations.ts';
import type { UserPlan } from './population.ts';

export interface WorkloadStats {
  sendsAttempted: number;
  sendsSkipped: number;
  addsRequested: number;
  removesRequested: number;
  updatesRequested: number;
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Drives the population: conversations created near the start, then Poisson processes per
 * conversation for application messages, membership churn and periodic updates, until `end`.
 * Every process has its own named stream, so adding a conversation leaves the others' draws alone.
 */
export class Workload {
  readonly stats: WorkloadStats = { sendsAttempted: 0, sendsSkipped: 0, addsRequested: 0, removesRequested: 0, updatesRequested: 0 };
  private nextMsg = 0;
  /** Who the workload believes is in each conversation (intent; MLS state is the truth). */
  private readonly roster = new Map<GroupName, Set<UserPlan>>();

  constructor(
    private readonly world: World,
    private readonly scenario: Scenario,
    private readonly users: readonly UserPlan[],
    private readonly devices: ReadonlyMap<string, DeviceActor>,
    private readonly end: SimTime,
  ) {}

  start(conversations: readonly ConversationPlan[]): void {
    const { sim, streams } = this.world;
    const w = this.scenario.workload;
    for (const c of conversations) {
      const rng = streams.stream(`workload/${c.group}`);
      this.roster.set(c.group, new Set(c.members));
      const startAt = seconds(rng.uniform(0.5, 2.5));
      sim.schedule(startAt, () => {
        const creator = this.devices.get(c.creator.devices[0]!)!;
        return creator.request(c.group, { kind: 'create', ciphersuite: c.ciphersuite, invitees: c.members.map((m) => m.id) });
      });
      const perSecond = (perMinuteEach: number) => (perMinuteEach * c.members.length) / 60;
      if (w.messagesPerMemberPerMinute > 0) this.poisson(rng, perSecond(w.messagesPerMemberPerMinute), () => this.send(c, rng));
      if (c.kind === 'group') {
        const churn = streams.stream(`workload/churn/${c.group}`);
        if (w.churn.addsPerGroupPerHour > 0) this.poisson(churn, w.churn.addsPerGroupPerHour / 3600, () => this.add(c, churn));
        if (w.churn.removesPerGroupPerHour > 0) this.poisson(churn, w.churn.removesPerGroupPerHour / 3600, () => this.remove(c, churn));
      }
      if (w.updatePeriodSeconds > 0) {
        const upd = streams.stream(`workload/update/${c.group}`);
        this.poisson(upd, 1 / w.updatePeriodSeconds, () => this.update(c, upd));
      }
    }
  }

  /** Events at exponential gaps with the given rate per second, from after the setup phase to `end`. */
  private poisson(rng: RandomStream, ratePerSecond: number, act: () => void | Promise<void>): void {
    const { sim } = this.world;
    const next = (): void => {
      const t = sim.now + seconds(rng.exponential(ratePerSecond));
      if (t >= this.end) return;
      sim.scheduleAt(t as SimTime, async () => {
        await act();
        next();
      });
    };
    sim.schedule(seconds(3), next);
  }

  /** An online device of a current member that has joined the group, or undefined. */
  private activeDevice(group: GroupName, rng: RandomStream, except?: UserPlan): DeviceActor | undefined {
    const members = [...(this.roster.get(group) ?? [])].filter((u) => u !== except);
    const candidates = members.flatMap((u) => u.devices.map((d) => this.devices.get(d)!)).filter((d) => d.isOnline && d.isMember(group));
    return candidates.length === 0 ? undefined : rng.pick(candidates);
  }

  private async send(c: ConversationPlan, rng: RandomStream): Promise<void> {
    this.stats.sendsAttempted++;
    const device = this.activeDevice(c.group, rng);
    const { min, max } = this.scenario.workload.messageBytes;
    const size = rng.int(min, max);
    if (device === undefined) {
      this.stats.sendsSkipped++;
      return;
    }
    const msg = messageId(`m${this.nextMsg++}`);
    const head = `${msg} ${device.id}: `;
    let text = head;
    while (text.length < size) text += FILLER[rng.int(0, FILLER.length - 1)];
    if (!(await device.sendApplication(c.group, msg, new TextEncoder().encode(text.slice(0, Math.max(size, head.length)))))) this.stats.sendsSkipped++;
  }

  private async add(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const roster = this.roster.get(c.group)!;
    const committer = this.activeDevice(c.group, rng);
    if (committer === undefined) return;
    const creator = this.users.find((u) => u.devices.includes(committer.id))!;
    const [joiner] = pickMembers(creator, 1, this.users, this.scenario.workload.crossProviderShare, rng, c.ciphersuite, roster);
    if (joiner === undefined) return;
    roster.add(joiner);
    this.stats.addsRequested++;
    await committer.request(c.group, { kind: 'add', users: [joiner.id] });
  }

  private async remove(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const roster = this.roster.get(c.group)!;
    if (roster.size <= 2) return;
    const committer = this.activeDevice(c.group, rng);
    if (committer === undefined) return;
    const self = [...roster].find((u) => u.devices.includes(committer.id));
    const leaving = rng.pick([...roster].filter((u) => u !== self));
    roster.delete(leaving);
    this.stats.removesRequested++;
    await committer.request(c.group, { kind: 'remove', devices: leaving.devices });
  }

  private async update(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const committer = this.activeDevice(c.group, rng);
    if (committer === undefined) return;
    this.stats.updatesRequested++;
    await committer.request(c.group, { kind: 'update' });
  }
}
