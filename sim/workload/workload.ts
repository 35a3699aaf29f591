import { messageId, seconds, type RandomStream, type SimTime } from '../core/index.ts';
import type { ContentRuntime } from '../actors/content/contentRuntime.ts';
import { drawMessage } from '../actors/content/contentMix.ts';
import type { DeviceActor, SkipReason } from '../actors/device.ts';
import type { Contact } from '../actors/groupOp.ts';
import type { ContactBook } from '../actors/abuse/contactBook.ts';
import type { IdentityService } from '../actors/identityService.ts';
import type { GroupName } from '../actors/protocol.ts';
import type { World } from '../actors/world.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { pickMembers, type ConversationPlan } from './conversations.ts';
import type { Placement } from './placement.ts';
import type { UserPlan } from './population.ts';

export interface WorkloadStats {
  /** Messages the workload meant to send: each was sent, or skipped with a reason (summary.skipReasons). */
  sendsAttempted: number;
  sendsSkipped: number;
  addsRequested: number;
  removesRequested: number;
  updatesRequested: number;
}

/** The canary token carried in the plaintext of application message `msg`. */
export const canaryOf = (msg: string): string => `CANARY-${msg}-7f3a`;

const FILLER = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const FILLER_CODES = Uint8Array.from(FILLER, (ch) => ch.charCodeAt(0));
/** Where a message's filler is drawn before it becomes one string (sends run one at a time, never nested). */
let fillerScratch = Buffer.alloc(1024);

/**
 * `n` filler characters, one draw each (index(n) is the draw int(0, n - 1) makes), in draw order: the
 * characters are written as bytes and made one flat string, not concatenated one at a time.
 */
export function drawFiller(rng: RandomStream, n: number): string {
  if (n <= 0) return '';
  if (n > fillerScratch.length) fillerScratch = Buffer.alloc(Math.max(n, 2 * fillerScratch.length));
  const buf = fillerScratch;
  for (let k = 0; k < n; k++) buf[k] = FILLER_CODES[rng.index(FILLER_CODES.length)]!;
  return buf.toString('latin1', 0, n);
}

/** Where a user takes part in a conversation: with these devices, in this group (before migrations). */
interface Seat {
  readonly user: UserPlan;
  readonly devices: readonly string[];
  readonly group: GroupName;
  /** The devices' actors, filled in as they are first found (an account opened mid-run appears later). */
  readonly actors: (DeviceActor | undefined)[];
}

/** Looks up the device actor behind a device id (devices may appear mid-run, e.g. new accounts). */
export type DeviceLookup = (id: string) => DeviceActor | undefined;

/**
 * Drives the population: conversations created near the start, then Poisson processes per
 * conversation for application messages, membership churn and periodic updates, until `end`.
 * Every process has its own stream named after the conversation (never after an architecture's
 * group id), so every architecture replays the same workload draw for draw.
 */
export class Workload {
  readonly stats: WorkloadStats = { sendsAttempted: 0, sendsSkipped: 0, addsRequested: 0, removesRequested: 0, updatesRequested: 0 };
  private nextMsg = 0;
  /** Who the workload means to be in each conversation (intent; MLS state is the truth). */
  private readonly roster = new Map<string, Set<UserPlan>>();

  constructor(
    private readonly world: World,
    private readonly scenario: Scenario,
    private readonly users: readonly UserPlan[],
    private readonly device: DeviceLookup,
    private readonly placement: Placement,
    private readonly end: SimTime,
    /** When contacts are named by number or handle and servers resolve them. */
    private readonly naming?: IdentityService,
    /** Message content and client capabilities (sim/actors/content): what each message is made of. */
    private readonly content?: ContentRuntime,
    /** Who knows whom: records the 1:1 conversations that are first contacts (workload.firstContactShare). */
    private readonly contacts?: ContactBook,
  ) {}

  /** The group a conversation's traffic uses now (it moves on after a post-quantum migration). */
  private current(group: GroupName): GroupName {
    return this.content?.current(group) ?? group;
  }

  /** How a device names `user` when adding it to `group`: by number or handle if servers resolve those. */
  private contact(group: GroupName, user: UserPlan): Contact {
    if (this.naming === undefined || user.provider === this.bridgeProvider) return { user: user.id };
    const identifier = this.naming.identifierOf(user.id);
    this.naming.expect(group, identifier, user.id);
    return { user: user.id, identifier };
  }

  private get bridgeProvider(): string | undefined {
    return this.placement.bridgeNode;
  }

  /** The users a conversation is meant to have now (ground truth for audits). */
  intended(conversation: string): ReadonlySet<UserPlan> {
    return this.roster.get(conversation) ?? new Set();
  }

  start(conversations: readonly ConversationPlan[]): void {
    const { sim, streams } = this.world;
    const w = this.scenario.workload;
    // Drawn only when the scenario asks for first contacts, so other runs keep their streams untouched.
    const firsts = w.firstContactShare !== undefined && this.contacts !== undefined ? streams.stream('workload/contacts') : undefined;
    for (const c of conversations) {
      if (firsts !== undefined && c.kind === 'one-to-one' && firsts.chance(w.firstContactShare!))
        this.contacts!.open(c.name, { initiator: c.creator.id, initiatorDevices: new Set(this.placement.participant(c, c.creator).devices), legitimate: true });
      const rng = streams.stream(`workload/${c.name}`);
      this.roster.set(c.name, new Set(c.members));
      const startAt = seconds(rng.uniform(0.5, 2.5));
      sim.schedule(startAt, async () => {
        for (const g of this.placement.creations(c)) {
          const creator = this.device(g.creator.devices[0]!)!;
          await creator.request(g.group, { kind: 'create', ciphersuite: c.ciphersuite, invitees: g.invitees.map((m) => this.contact(g.group, m)) });
        }
      });
      const perSecond = (perMinuteEach: number) => (perMinuteEach * c.members.length) / 60;
      if (w.messagesPerMemberPerMinute > 0) this.poisson(rng, perSecond(w.messagesPerMemberPerMinute), () => this.send(c, rng));
      if (c.kind === 'group') {
        const churn = streams.stream(`workload/churn/${c.name}`);
        if (w.churn.addsPerGroupPerHour > 0) this.poisson(churn, w.churn.addsPerGroupPerHour / 3600, () => this.add(c, churn));
        if (w.churn.removesPerGroupPerHour > 0) this.poisson(churn, w.churn.removesPerGroupPerHour / 3600, () => this.remove(c, churn));
      }
      if (w.updatePeriodSeconds > 0) {
        const upd = streams.stream(`workload/update/${c.name}`);
        this.poisson(upd, 1 / w.updatePeriodSeconds, () => this.update(c, upd));
      }
    }
  }

  /** Events at exponential gaps with the given rate per second, from after the setup phase to `end`. */
  private poisson(rng: RandomStream, ratePerSecond: number, act: () => void | Promise<void>): void {
    const { sim } = this.world;
    // One handler for every event of the process, no async wrapper: the act's promise, if any, continues with the next draw.
    const fire = (): void | Promise<void> => {
      const r = act();
      return r === undefined ? next() : r.then(next);
    };
    const next = (): void => {
      const t = sim.now + seconds(rng.exponential(ratePerSecond));
      if (t >= this.end) return;
      sim.scheduleAt(t as SimTime, fire);
    };
    sim.schedule(seconds(3), next);
  }

  /**
   * Where `user` sits in conversation `c`: the devices it takes part with and the group they send in
   * before any migration. Placement decides both the first time it is asked (opening an account at the
   * host if need be) and answers the same ever after, so a send looks them up instead of building the
   * group's name again per member.
   */
  private seat(c: ConversationPlan, user: UserPlan): Seat {
    let byUser = this.seats.get(c);
    if (byUser === undefined) this.seats.set(c, (byUser = new Map()));
    let s = byUser.get(user);
    if (s === undefined) {
      const devices = this.placement.participant(c, user).devices;
      byUser.set(user, (s = { user, devices, group: this.placement.groupOf(c, user), actors: [] }));
    }
    return s;
  }

  /** The actor of a seat's `i`th device, kept once it exists (a device id names one actor for the whole run). */
  private actorAt(seat: Seat, i: number): DeviceActor | undefined {
    let a = seat.actors[i];
    if (a === undefined && (a = this.device(seat.devices[i]!)) !== undefined) seat.actors[i] = a;
    return a;
  }

  private readonly seats = new Map<ConversationPlan, Map<UserPlan, Seat>>();

  /** An online device of a current member, joined to the group it sends in, with that group. */
  private activeDevice(c: ConversationPlan, rng: RandomStream, except?: UserPlan): { device: DeviceActor; group: GroupName; user: UserPlan } | undefined {
    // Every send looks over the conversation's devices: its seats in roster order are kept until the
    // roster changes (a departure's `except` takes the long way: it may meet a seat not placed yet),
    // candidates go in lists reused from send to send, and only the one drawn becomes an object (the
    // same draw rng.pick would make).
    const { devices, groups, users } = this.candidates;
    let n = 0;
    if (except === undefined) {
      const list = this.seatList(c);
      for (let u = 0; u < list.length; u++) {
        const seat = list[u]!;
        const group = this.current(seat.group);
        const actors = seat.actors;
        for (let i = 0; i < seat.devices.length; i++) {
          const device = actors[i] ?? this.actorAt(seat, i);
          if (device !== undefined && device.isOnline && device.isMember(group)) {
            devices[n] = device;
            groups[n] = group;
            users[n++] = seat.user;
          }
        }
      }
    } else {
      const roster = this.roster.get(c.name);
      if (roster !== undefined)
        for (const user of roster) {
          if (user === except) continue;
          const seat = this.seat(c, user);
          const group = this.current(seat.group);
          for (let i = 0; i < seat.devices.length; i++) {
            const device = this.actorAt(seat, i);
            if (device !== undefined && device.isOnline && device.isMember(group)) {
              devices[n] = device;
              groups[n] = group;
              users[n++] = user;
            }
          }
        }
    }
    if (n === 0) return undefined;
    const i = rng.index(n);
    return { device: devices[i]!, group: groups[i]!, user: users[i]! };
  }

  /** Candidate senders of the current draw, in parallel lists (entries past the count are stale). */
  private readonly candidates = { devices: [] as DeviceActor[], groups: [] as GroupName[], users: [] as UserPlan[] };

  /** The seats of a conversation's intended members, in roster order (each placed as `seat` would, in that order). */
  private seatList(c: ConversationPlan): readonly Seat[] {
    let list = this.seatLists.get(c);
    if (list === undefined) {
      const seats: Seat[] = [];
      for (const user of this.roster.get(c.name) ?? []) seats.push(this.seat(c, user));
      this.seatLists.set(c, (list = seats));
    }
    return list;
  }

  /** Kept seat lists, dropped whenever the conversation's roster changes. */
  private readonly seatLists = new Map<ConversationPlan, readonly Seat[]>();

  /** Why no device of the conversation can send: some are in the group but offline, or none has joined. */
  private noSenderReason(c: ConversationPlan): SkipReason {
    for (const user of this.roster.get(c.name) ?? []) {
      const seat = this.seat(c, user);
      const group = this.current(seat.group);
      if (seat.devices.some((d) => this.device(d)?.isMember(group) === true)) return 'sender-offline';
    }
    return 'not-joined';
  }

  /** A message the workload meant to send that was not sent: counted, traced and given its reason. */
  private skip(c: ConversationPlan, reason: SkipReason, by?: DeviceActor): void {
    this.stats.sendsSkipped++;
    this.world.ledger.skip(c.name, this.world.sim.now, reason, by?.id);
  }

  private async send(c: ConversationPlan, rng: RandomStream): Promise<void> {
    this.stats.sendsAttempted++;
    const active = this.activeDevice(c, rng);
    const { min, max } = this.scenario.workload.messageBytes;
    const size = rng.int(min, max);
    if (active === undefined) return this.skip(c, this.noSenderReason(c));
    const msg = messageId(`m${this.nextMsg++}`);
    // A canary: a token no ciphertext will contain by chance, so audits can grep the bytes every
    // party handled for plaintext that should never be there.
    const head = `${msg} ${active.user.id} ${canaryOf(msg)}: `;
    // Filler up to the drawn size (in UTF-16 units, as `body.length` counts), one draw per character.
    const body = size > head.length ? head + drawFiller(rng, size - head.length) : head;
    const content = this.content;
    if (content === undefined) {
      if (!(await active.device.sendApplication(active.group, msg, new TextEncoder().encode(body)))) this.notSent(c, active.device, active.group);
      return;
    }
    // The canary stays in the basic text part, inside the MLS ciphertext with the rest of the content.
    const composed = drawMessage(msg, body, this.contentStream(c), content.settings.mix, content.earlierIn(c.name));
    if (!(await content.send(active.device, active.group, msg, composed))) this.notSent(c, active.device, active.group);
  }

  /** Nothing was sent: the device says why, or else it was alone in the group. */
  private notSent(c: ConversationPlan, device: DeviceActor, group: GroupName): void {
    this.skip(c, device.sendBlocker(group) ?? 'no-recipients', device);
  }

  /** The conversation's content stream (`workload/content/<name>`), made at its first message as before, then kept. */
  private contentStream(c: ConversationPlan): RandomStream {
    let s = this.contentStreams.get(c);
    if (s === undefined) this.contentStreams.set(c, (s = this.world.streams.stream(`workload/content/${c.name}`)));
    return s;
  }

  private readonly contentStreams = new Map<ConversationPlan, RandomStream>();

  private async add(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const roster = this.roster.get(c.name)!;
    const active = this.activeDevice(c, rng);
    if (active === undefined) return;
    const [joiner] = pickMembers(active.user, 1, this.users, this.scenario.workload.crossProviderShare, rng, c.ciphersuite, roster);
    if (joiner === undefined || this.gone.has(joiner)) return;
    roster.add(joiner);
    this.seatLists.delete(c);
    this.onAdded?.(c, joiner);
    this.stats.addsRequested++;
    const addition = this.placement.addition(c, joiner);
    const plan = { ...addition, group: this.current(addition.group) };
    if (plan.committer === undefined) {
      const add = () => active.device.request(plan.group, { kind: 'add', users: [this.contact(plan.group, plan.invitee)] });
      // A freshly opened account needs a moment to publish its KeyPackages before it can be added.
      if (this.device(plan.invitee.devices[0]!)?.ready === false) return void this.world.sim.schedule(seconds(3), add);
      return add();
    }
    // A bridged conversation: the bridge adds the joiner to its provider's group, opening that group
    // (and joining the others) if the conversation did not reach this provider before.
    const bridge = this.device(plan.committer.devices[0]!)!;
    if (bridge.isMember(plan.group)) return bridge.request(plan.group, { kind: 'add', users: [this.contact(plan.group, joiner)] });
    const memberOf = (g: GroupName) => [...roster].flatMap((u) => u.devices).map((d) => this.device(d)!).find((d) => d.isMember(g) && d.isOnline);
    if (new Set([...roster].map((u) => u.provider)).size === 1) {
      // Still one provider: no bridge needed, a member adds the joiner.
      return memberOf(plan.group)?.request(plan.group, { kind: 'add', users: [this.contact(plan.group, joiner)] });
    }
    for (const user of roster) {
      const g = this.placement.groupOf(c, user);
      if (g === plan.group || bridge.isMember(g)) continue;
      const inside = user.devices.map((d) => this.device(d)!).find((d) => d.isMember(g) && d.isOnline);
      if (inside !== undefined) await inside.request(g, { kind: 'add', users: [{ user: plan.committer.id }] });
    }
    const inside = memberOf(plan.group);
    if (inside !== undefined) return inside.request(plan.group, { kind: 'add', users: [this.contact(plan.group, joiner), { user: plan.committer.id }] });
    return bridge.request(plan.group, { kind: 'create', ciphersuite: c.ciphersuite, invitees: [this.contact(plan.group, joiner)] });
  }

  private async remove(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const roster = this.roster.get(c.name)!;
    if (roster.size <= 2) return;
    const active = this.activeDevice(c, rng);
    if (active === undefined) return;
    const leaving = rng.pick([...roster].filter((u) => u !== active.user));
    roster.delete(leaving);
    this.seatLists.delete(c);
    this.stats.removesRequested++;
    return this.removeUser(c, leaving, active.device);
  }

  /** Removes `leaving`'s devices from the conversation's group as the architecture says: `by` (a member) commits, or the bridge. */
  private async removeUser(c: ConversationPlan, leaving: UserPlan, by: DeviceActor): Promise<void> {
    const roster = this.roster.get(c.name)!;
    const active = { device: by };
    const removal = this.placement.removal(c, leaving);
    const plan = { ...removal, group: this.current(removal.group) };
    const committer = plan.committer === undefined ? active.device : this.device(plan.committer.devices[0]!)!;
    if (plan.committer !== undefined && !committer.isMember(plan.group)) {
      // No bridge in that group (a conversation that stayed on one provider): a local member removes.
      const local = [...roster].flatMap((u) => u.devices).map((d) => this.device(d)!).find((d) => d.isMember(plan.group) && d.isOnline);
      return local?.request(plan.group, { kind: 'remove', devices: plan.devices });
    }
    return committer.request(plan.group, { kind: 'remove', devices: plan.devices });
  }

  // ---- departures (sim/workload/departures.ts) ----

  /** The group `user`'s traffic in the conversation uses now. */
  groupFor(c: ConversationPlan, user: UserPlan): GroupName {
    return this.current(this.placement.groupOf(c, user));
  }

  /** The devices `user` takes part in the conversation with (an account at another provider under silo). */
  devicesFor(c: ConversationPlan, user: UserPlan): readonly string[] {
    return this.placement.participant(c, user).devices;
  }

  /** `user` departed the conversation: out of the intended roster; then, unless `removal` is false, a member removes its devices. */
  async depart(c: ConversationPlan, user: UserPlan, rng: RandomStream, removal = true): Promise<void> {
    this.roster.get(c.name)?.delete(user);
    this.seatLists.delete(c);
    if (!removal) return;
    const active = this.activeDevice(c, rng, user);
    if (active !== undefined) await this.removeUser(c, user, active.device);
  }

  /** Users who deleted the app: never added to a conversation again. */
  readonly gone = new Set<UserPlan>();
  /** Told when churn adds a user to a conversation (a departed user invited back). */
  onAdded?: (c: ConversationPlan, user: UserPlan) => void;

  private async update(c: ConversationPlan, rng: RandomStream): Promise<void> {
    const active = this.activeDevice(c, rng);
    if (active === undefined) return;
    this.stats.updatesRequested++;
    return active.device.request(active.group, { kind: 'update' });
  }
}
