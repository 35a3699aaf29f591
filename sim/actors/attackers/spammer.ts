import { messageId, seconds, type NodeId, type SimTime } from '../../core/index.ts';
import type { DeviceActor } from '../device.ts';
import { groupName, userId, type GroupName, type UserId } from '../protocol.ts';
import type { AttackReport, Attacker, AttackerContext, PopulationUser } from './attacker.ts';
import { secondsBetween, sendText } from './attacker.ts';

export interface SpammerConfig {
  /** Accounts the spammer registers at each of its providers (real users with real MLS clients). */
  readonly accountsPerProvider: number;
  /** Providers it registers at; absent = every provider. */
  readonly providers?: readonly string[] | undefined;
  /** New first contacts per minute, over all its accounts together (a Poisson process). */
  readonly contactsPerMinute: number;
  /** Application messages it sends in each new conversation. */
  readonly messagesPerContact: number;
  /** When it starts (its accounts need a moment to publish KeyPackages). */
  readonly startSeconds: number;
}

interface Contact {
  readonly conversation: string;
  readonly target: UserId;
  readonly account: UserId;
  readonly at: SimTime;
}

/** Uniform worlds whose groups live at the creator's provider and reach members anywhere (a mixed world goes pair by pair through `ctx.across`). */
const CROSS_PROVIDER = new Set(['federated-mls', 'mimi-hub']);

/**
 * Many accounts across providers opening 1:1 conversations (real MLS groups, real Welcomes, real
 * application messages) with users drawn from the population. Where groups cannot span providers by
 * themselves (silo, multi-protocol client, the bridges' per-provider or gatekeeper placement) it uses
 * its account at the target's own provider, as a spammer with accounts everywhere would. Without one
 * there, it goes through whatever carries messages between the two providers (`ctx.across`): either
 * bridge, or the target's multi-protocol client if it signed up at the spammer's provider; a silo
 * keeps it home.
 *
 * Measured on what clients really did: reach is the share of targeted users whose client displayed
 * at least one of its messages (a copy held in a message request is not seen), false positives are
 * wanted first-contact copies a defense held back or refused, and detections are how long each
 * account spammed before shared reputation blocked it.
 */
export class Spammer implements Attacker {
  readonly kind = 'spammer';
  readonly id: string;
  private readonly accounts: { user: UserId; provider: NodeId; device: DeviceActor }[] = [];
  private readonly plans = new Map<UserId, PopulationUser>();
  private readonly contacts: Contact[] = [];
  private readonly firstSend = new Map<UserId, SimTime>();
  private sent = 0;
  private next = 0;

  constructor(private readonly ctx: AttackerContext, private readonly config: SpammerConfig, index: number) {
    this.id = `attacker/spammer-${index}`;
    const { population } = ctx;
    const providers = [...new Set(population.users.map((u) => u.provider))].filter((p) => config.providers === undefined || config.providers.includes(p));
    const suites = [...new Set(population.users.flatMap((u) => u.ciphersuites))];
    for (const provider of providers)
      for (let k = 0; k < config.accountsPerProvider; k++) {
        const name = `spam${index}x${k}`;
        const plan: PopulationUser = { id: userId(`${name}@${provider}`), provider, devices: [`${provider}/${name}/d0` as NodeId], ciphersuites: suites, intermittent: [false] };
        const [device] = population.spawn(plan);
        this.accounts.push({ user: plan.id, provider, device: device! });
        this.plans.set(plan.id, plan);
      }
    if (this.accounts.length === 0 || config.contactsPerMinute <= 0) return;
    const rng = ctx.world.streams.stream(`attackers/${this.id}/contacts`);
    const targets = population.users;
    const cross = CROSS_PROVIDER.has(ctx.architecture);
    const { sim } = ctx.world;
    const step = (): void => {
      const t = sim.now + seconds(rng.exponential(config.contactsPerMinute / 60));
      if (t >= ctx.end) return;
      sim.scheduleAt(t as SimTime, async () => {
        const target = rng.pick(targets);
        const local = this.accounts.filter((a) => a.provider === target.provider);
        const from = cross || local.length === 0 ? rng.pick(this.accounts) : rng.pick(local);
        step();
        if (cross || from.provider === target.provider) return this.contact(from, target);
        // No account at the target's provider: bridges and multi-protocol clients carry messages across too.
        const plan = this.plans.get(from.user)!;
        if (ctx.across?.carries(plan, target) === true) await this.contactAcross(from, plan, target);
      });
    };
    sim.schedule(seconds(config.startSeconds), step);
  }

  /** Opens a 1:1 conversation with `target` and sends its messages once the target is in the group. */
  private async contact(from: { user: UserId; provider: NodeId; device: DeviceActor }, target: PopulationUser): Promise<void> {
    const { world, clients } = this.ctx;
    const conversation = `${this.id.replace('attacker/', '')}-c${this.next++}`;
    const group = groupName(`${conversation}@${from.provider}`);
    clients.contacts.open(conversation, { initiator: from.user, initiatorDevices: new Set([from.device.id]), legitimate: false });
    this.contacts.push({ conversation, target: target.id, account: from.user, at: world.sim.now });
    await from.device.request(group, { kind: 'create', ciphersuite: target.ciphersuites[0]!, invitees: [{ user: target.id }] });
    this.sendAll(conversation, from.user, from.device, group);
  }

  /** Opens a conversation with a target at another provider the way the run's arrangement carries it. */
  private async contactAcross(from: { user: UserId; provider: NodeId; device: DeviceActor }, plan: PopulationUser, target: PopulationUser): Promise<void> {
    const { world, clients } = this.ctx;
    const conversation = `${this.id.replace('attacker/', '')}-c${this.next++}`;
    clients.contacts.open(conversation, { initiator: from.user, initiatorDevices: new Set([from.device.id]), legitimate: false });
    const at = world.sim.now;
    const opened = await this.ctx.across!.open(conversation, plan, target, target.ciphersuites[0]!);
    // Seen is judged on the identity that displays it: the target's account there, for a multi-protocol client.
    this.contacts.push({ conversation, target: opened.targetAs, account: from.user, at });
    this.sendAll(conversation, from.user, opened.device, opened.group);
  }

  /** Sends the contact's messages once the target is in the group (retrying while it is not). */
  private sendAll(conversation: string, user: UserId, device: DeviceActor, group: GroupName): void {
    const { world } = this.ctx;
    let left = this.config.messagesPerContact;
    let tries = 0;
    const send = async (): Promise<void> => {
      const msg = messageId(`${conversation}-m${this.config.messagesPerContact - left}`);
      const text = `SPAM ${msg} from ${user}: you won a prize, click here`;
      if (await sendText(this.ctx, device, group, msg, text)) {
        this.sent++;
        if (!this.firstSend.has(user)) this.firstSend.set(user, world.sim.now);
        tries = 0;
        if (--left > 0) world.sim.schedule(seconds(2), send);
      } else if (++tries < 10) world.sim.schedule(seconds(1), send); // the target is not in the group yet
    };
    world.sim.schedule(seconds(1), send);
  }

  report(): AttackReport {
    const guard = this.ctx.clients.spam;
    const targeted = new Set(this.contacts.map((c) => c.target));
    const reached = new Set<UserId>();
    let successes = 0;
    for (const c of this.contacts) {
      if (guard?.seenBy(c.conversation).has(c.target) !== true) continue;
      successes++;
      reached.add(c.target);
    }
    const detections = [...(guard?.blockedAt ?? [])].filter(([u]) => this.firstSend.has(u)).map(([u, t]) => secondsBetween(this.firstSend.get(u)!, t));
    const refused: Record<string, number> = {};
    for (const [reason, n] of guard?.spam.refused ?? []) refused[reason] = n;
    return {
      attempts: this.contacts.length,
      successes,
      exposed: 0,
      forged: 0,
      detections,
      falsePositives: guard?.falsePositives ?? 0,
      legitimate: guard?.legitimate.judged ?? 0,
      reach: targeted.size === 0 ? 0 : reached.size / targeted.size,
      detail: {
        accounts: this.accounts.length,
        spamSent: this.sent,
        spamDisplayed: guard?.spam.displayed ?? 0,
        spamHeldInRequests: (guard?.spam.held ?? 0) + (guard?.spam.heldDeclined ?? 0),
        accountsBlocked: detections.length,
        ...refused,
      },
    };
  }
}
