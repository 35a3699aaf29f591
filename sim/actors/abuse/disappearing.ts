import { seconds, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import { conversationOf } from '../conversation.ts';
import type { LeafInfo } from '../../mls/engine.ts';
import { capabilitiesOf } from '../content/contentRuntime.ts';
import type { Arrival, Inbox } from '../inbox.ts';
import type { GroupName } from '../protocol.ts';
import type { World } from '../world.ts';
import type { ProviderScope } from './spamGuard.ts';

/** Disappearing messages as users switch them on: a share of conversations, one timer each. */
export interface DisappearingSettings {
  /** Share of conversations with disappearing messages on (drawn per conversation). */
  readonly share: number;
  readonly seconds: number;
  /** The timer starts when the message is sent, or when the recipient's device delivers it (read). */
  readonly start: 'send' | 'read';
}

/** The sender's check of its group's advertised disappearing-message support. */
export interface DisappearingCheck extends ProviderScope {
  /** Warn and send anyway, or refuse to send with a timer the group cannot honour. */
  readonly mode: 'warn' | 'refuse';
}

/** A device that keeps disappearing messages; a lying one still advertises support. */
export interface NonCompliance {
  readonly lies: boolean;
}

interface Timed {
  readonly expirySeconds: number;
  readonly sentAt: SimTime;
}

interface Copy {
  readonly msg: MessageId;
  readonly device: NodeId;
  readonly expiresAt: SimTime;
  deleted: boolean;
}

/** What happened to disappearing messages in a run (measured on retention records). */
export interface DisappearingSummary {
  /** Messages sent with a timer, and messages whose sender was warned a member cannot honour it. */
  readonly timedMessages: number;
  readonly warnings: number;
  /** Of those warnings, messages the sender then sent without a timer. */
  readonly refused: number;
  /** Delivered copies of timed messages, those whose timer ran out before the end, and those still kept. */
  readonly copies: number;
  readonly expired: number;
  readonly retainedPastExpiry: number;
}

/**
 * Disappearing messages and who keeps them. A conversation's timer is its members' shared setting
 * (as a group-context setting would be; it is not carried in the MLS content here). Every delivered
 * copy of a timed message gets a retention record; a compliant client deletes it when the timer runs
 * out, a non-compliant one keeps it (as does a client whose version has no timers at all). Clients
 * advertise whether they honour timers in their signed content-capabilities leaf extension
 * (`honorsExpiry`); with the check on, a sender reads its group's real MLS leaves before each timed
 * message and warns (or sends without a timer) when a member's leaf does not advertise support. A
 * client that lies in its leaf cannot be caught.
 */
export class DisappearingMessages {
  private readonly on = new Map<string, boolean>();
  private readonly timed = new Map<MessageId, Timed>();
  private readonly copies: Copy[] = [];
  private readonly nonCompliant = new Map<NodeId, NonCompliance>();
  /** When each device was first named in a sender's warning. */
  readonly warnedAbout = new Map<NodeId, SimTime>();
  private warnings = 0;
  private refused = 0;

  constructor(
    private readonly world: World,
    private readonly settings: DisappearingSettings,
    private readonly check: DisappearingCheck | undefined,
    /** Whether a device's client version deletes expired messages at all (its profile's timers). */
    private readonly implementsTimers: (device: NodeId) => boolean = () => true,
  ) {}

  install(inbox: Inbox): void {
    inbox.add((a) => this.arrive(a));
    inbox.onSend((device, provider, group, msg, members, leaves) => this.sending(device, provider, group, msg, members, leaves));
  }

  /** `device` keeps disappearing messages from now on (and tells the truth about it, or not). */
  markNonCompliant(device: NodeId, how: NonCompliance): void {
    this.nonCompliant.set(device, how);
  }

  /** Whether a device keeps copies past their timer: a modified client, or a version without timers. */
  private keeps(device: NodeId): boolean {
    return this.nonCompliant.has(device) || !this.implementsTimers(device);
  }

  private timerOn(group: GroupName): boolean {
    const conversation = conversationOf(group);
    let on = this.on.get(conversation);
    if (on === undefined) this.on.set(conversation, (on = this.world.streams.stream(`disappearing/${conversation}`).chance(this.settings.share)));
    return on;
  }

  /** When each device was first in a group a timed message was sent to (its first chance to keep one). */
  readonly firstTimedWith = new Map<NodeId, SimTime>();

  private sending(device: NodeId, provider: NodeId, group: GroupName, msg: MessageId, members: readonly NodeId[], leaves: () => readonly LeafInfo[]): void {
    if (!this.timerOn(group)) return;
    for (const m of members) if (m !== device && !this.firstTimedWith.has(m)) this.firstTimedWith.set(m, this.world.sim.now);
    const check = this.check;
    if (check !== undefined && (check.providers === undefined || check.providers.includes(provider))) {
      const unable = leaves()
        .filter((l) => l.identity !== device && !capabilitiesOf(l.extensions).honorsExpiry)
        .map((l) => l.identity as NodeId);
      if (unable.length > 0) {
        this.warnings++;
        for (const m of unable) if (!this.warnedAbout.has(m)) this.warnedAbout.set(m, this.world.sim.now);
        if (check.mode === 'refuse') {
          this.refused++;
          return; // sent as an ordinary message: the user was told this group cannot honour the timer
        }
      }
    }
    this.timed.set(msg, { expirySeconds: this.settings.seconds, sentAt: this.world.sim.now });
  }

  private arrive(a: Arrival): undefined {
    const t = this.timed.get(a.msg);
    if (t === undefined) return undefined;
    const from = this.settings.start === 'send' ? t.sentAt : a.at;
    const copy: Copy = { msg: a.msg, device: a.device, expiresAt: (from + seconds(t.expirySeconds)) as SimTime, deleted: false };
    this.copies.push(copy);
    if (!this.keeps(a.device)) {
      const { sim } = this.world;
      sim.scheduleAt(Math.max(sim.now, copy.expiresAt) as SimTime, () => void (copy.deleted = true));
    }
    return undefined;
  }

  /** Retention as of now, over all copies or those at `devices`. */
  summary(devices?: ReadonlySet<NodeId>): DisappearingSummary {
    const now = this.world.sim.now;
    const mine = devices === undefined ? this.copies : this.copies.filter((c) => devices.has(c.device));
    const expired = mine.filter((c) => c.expiresAt <= now);
    return {
      timedMessages: this.timed.size,
      warnings: this.warnings,
      refused: this.refused,
      copies: mine.length,
      expired: expired.length,
      retainedPastExpiry: expired.filter((c) => !c.deleted).length,
    };
  }

  /** Distinct messages with a copy kept past its expiry at one of `devices`. */
  keptMessages(devices: ReadonlySet<NodeId>): number {
    const now = this.world.sim.now;
    return new Set(this.copies.filter((c) => devices.has(c.device) && c.expiresAt <= now && !c.deleted).map((c) => c.msg)).size;
  }
}
