import { messageId, seconds, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import type { DeviceActor } from '../device.ts';
import { conversationOf } from '../conversation.ts';
import { groupName, userId, type GroupName, type UserId } from '../protocol.ts';
import type { AttackReport, Attacker, AttackerContext, PopulationUser } from './attacker.ts';
import { secondsBetween, sendText } from './attacker.ts';

export interface ImpersonatorConfig {
  /** The person it passes itself off as; absent = a user whose handle no other provider has. */
  readonly target?: string | undefined;
  /** Providers it registers the colliding name at; absent = every provider but the target's where it is free. */
  readonly providers?: readonly string[] | undefined;
  /** People it contacts, drawn among users of its providers. */
  readonly victims: number;
  /** Messages a fooled victim sends it (what it asked for). */
  readonly replies: number;
  /** Under the phone namespace: the share of users a look-alike number fools. */
  readonly lookalikeBelief: number;
  readonly startSeconds: number;
}

interface Approach {
  readonly victim: PopulationUser;
  readonly group: GroupName;
  readonly account: DeviceActor;
  sentAt?: SimTime;
  verdict?: 'believed' | 'ignored' | 'refused';
}

/**
 * Exploits namespace ambiguity: registers the target's name at other providers (the same bare handle,
 * or, with phone numbers, a look-alike number), opens a 1:1 conversation with people who know the
 * target ("it's me, new account") and asks them to send what they would send the target. Its accounts
 * are real users whose devices really decrypt what fooled victims send; only those decryptions count
 * as exposed (and as misdelivered copies). A victim's client shows the name as the namespace and the
 * provider-qualified-display defense dictate (NameDisplay); a name visibly at the wrong provider is
 * refused with a warning, which is the detection.
 */
export class Impersonator implements Attacker {
  readonly kind = 'impersonator';
  readonly id: string;
  private readonly target: PopulationUser | undefined;
  private readonly approaches = new Map<string, Approach>();
  private readonly exposedMsgs = new Set<MessageId>();
  private readonly fooled = new Set<UserId>();
  private readonly detections: number[] = [];
  private believed = 0;
  private ignored = 0;
  private repliesSent = 0;

  constructor(private readonly ctx: AttackerContext, private readonly config: ImpersonatorConfig, index: number) {
    this.id = `attacker/impersonator-${index}`;
    const { population, world } = ctx;
    const users = population.users;
    const local = (u: string) => u.slice(0, u.lastIndexOf('@'));
    const taken = (name: string, provider: string) => users.some((u) => u.provider === provider && local(u.id) === name);
    this.target = config.target !== undefined ? users.find((u) => u.id === config.target) : defaultTarget(users);
    if (this.target === undefined) return;
    const name = local(this.target.id);
    const providers = [...new Set(users.map((u) => u.provider))].filter(
      (p) => p !== this.target!.provider && !taken(name, p) && (config.providers === undefined || config.providers.includes(p)),
    );
    const accounts = new Map<NodeId, DeviceActor>();
    for (const provider of providers) {
      const plan: PopulationUser = { id: userId(`${name}@${provider}`), provider, devices: [`${provider}/${name}/d0` as NodeId], ciphersuites: this.target.ciphersuites, intermittent: [false] };
      accounts.set(provider, population.spawn(plan)[0]!);
    }
    const rng = world.streams.stream(`attackers/${this.id}/victims`);
    const candidates = rng.shuffled(users.filter((u) => accounts.has(u.provider) && u.ciphersuites.includes(this.target!.ciphersuites[0]!)));
    candidates.slice(0, config.victims).forEach((victim, n) => {
      const conversation = `${this.id.replace('attacker/', '')}-c${n}`;
      const account = accounts.get(victim.provider)!;
      this.approaches.set(conversation, { victim, group: groupName(`${conversation}@${victim.provider}`), account, });
    });
    const mine = new Set([...accounts.values()].map((d) => d.id));
    ctx.clients.inbox.add((a) => {
      const approach = this.approaches.get(conversationOf(a.group));
      if (mine.has(a.device)) return this.received(a.msg, a.device, a.plaintext, approach);
      return approach !== undefined && a.user === approach.victim.id && a.sender === approach.account.id ? this.judged(approach, a.provider, a.device) : undefined;
    });
    let k = 0;
    for (const approach of this.approaches.values()) world.sim.schedule(seconds(config.startSeconds + 0.5 * k++), () => this.approach(approach));
  }

  private async approach(a: Approach): Promise<void> {
    const { world } = this.ctx;
    await a.account.request(a.group, { kind: 'create', ciphersuite: this.target!.ciphersuites[0]!, invitees: [{ user: a.victim.id }] });
    let tries = 0;
    const send = async (): Promise<void> => {
      const msg = messageId(`${conversationOf(a.group)}-hello`);
      const text = `hi, it's ${this.target!.id.slice(0, this.target!.id.lastIndexOf('@'))}, new account: send me the files here`;
      if (await sendText(this.ctx, a.account, a.group, msg, text)) a.sentAt = world.sim.now;
      else if (++tries < 10) world.sim.schedule(seconds(1), send); // the victim has not joined yet
    };
    world.sim.schedule(seconds(1), send);
  }

  /** The victim's client shows the opener's name; the victim believes it, shrugs, or is warned. */
  private judged(a: Approach, provider: NodeId, device: NodeId): string | undefined {
    // Every copy from a name the client warned about is refused; others are judged once per conversation.
    if (a.verdict !== undefined) return a.verdict === 'refused' ? 'impersonation-warned' : undefined;
    const { world, clients } = this.ctx;
    const rng = world.streams.stream(`attackers/${this.id}/belief/${a.victim.id}`);
    const verdict = (a.verdict = clients.names.judge(provider, a.account.user, this.target!.id, this.config.lookalikeBelief, rng));
    if (verdict === 'refused') {
      this.detections.push(secondsBetween(a.sentAt ?? world.sim.now, world.sim.now));
      return 'impersonation-warned';
    }
    if (verdict === 'ignored') {
      this.ignored++;
      return undefined;
    }
    this.believed++;
    // A fooled victim sends what the target would have been sent: real messages from its device.
    const victim = this.ctx.devices.get(device)!;
    for (let r = 0; r < this.config.replies; r++)
      world.sim.schedule(seconds(2 + 1.5 * r), async () => {
        const msg = messageId(`${conversationOf(a.group)}-reply${r}`);
        const text = `for ${this.target!.id}: private document #${r} CANARY-${msg}-7f3a`;
        if (await sendText(this.ctx, victim, a.group, msg, text)) this.repliesSent++;
      });
    return undefined;
  }

  /** One of its accounts decrypted a message: exposed, and a copy meant for the target that reached a stranger. */
  private received(msg: MessageId, device: NodeId, plaintext: Uint8Array, a: Approach | undefined): undefined {
    if (!this.exposedMsgs.has(msg)) {
      this.exposedMsgs.add(msg);
      this.ctx.exposures.observe(device, msg, plaintext, 'attacker');
      this.ctx.exposures.misdelivered++;
    }
    if (a !== undefined) this.fooled.add(a.victim.id);
    return undefined;
  }

  report(): AttackReport {
    return {
      attempts: [...this.approaches.values()].filter((a) => a.sentAt !== undefined).length,
      successes: this.fooled.size,
      exposed: this.exposedMsgs.size,
      forged: 0,
      detections: this.detections,
      detail: { believed: this.believed, ignored: this.ignored, refused: this.detections.length, repliesSent: this.repliesSent },
    };
  }
}

/** The last user of the biggest provider: with providers of different sizes, nobody elsewhere has its handle. */
function defaultTarget(users: readonly PopulationUser[]): PopulationUser | undefined {
  const count = new Map<string, number>();
  for (const u of users) count.set(u.provider, (count.get(u.provider) ?? 0) + 1);
  const biggest = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  return users.filter((u) => u.provider === biggest).at(-1);
}
