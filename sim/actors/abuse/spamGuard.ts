import { seconds, type NodeId, type SimTime } from '../../core/index.ts';
import { conversationOf } from '../conversation.ts';
import type { Arrival, Inbox } from '../inbox.ts';
import type { UserId } from '../protocol.ts';
import type { World } from '../world.ts';
import type { ContactBook, FirstContact } from './contactBook.ts';

/** Which providers' clients (or servers) apply a defense; absent = every provider. */
export interface ProviderScope {
  readonly providers?: readonly string[] | undefined;
}

/** The anti-spam defenses, each optional and scoped to the clients of some providers. */
export interface SpamDefenses {
  /** Clients refuse messages from anyone not in their contacts. */
  readonly contactOnly?: ProviderScope | undefined;
  /** First contacts wait in a message-request folder until the user accepts (or declines) them. */
  readonly consent?: (ProviderScope & { readonly acceptLegitimate: number; readonly acceptSpam: number; readonly decisionSeconds: number }) | undefined;
  /** The sender's server refuses its users' new conversations with strangers beyond `perMinute` (metadata only). */
  readonly rateLimit?: (ProviderScope & { readonly perMinute: number }) | undefined;
  /**
   * Users report spam to their provider; providers in scope share the reports and block a sender
   * once `threshold` users reported it. Users sometimes report a wanted first contact too.
   */
  readonly reputation?: (ProviderScope & { readonly reportProbability: number; readonly falseReportProbability: number; readonly threshold: number }) | undefined;
}

/** Ledger reasons of first-contact copies a defense refused (one outcome per copy). */
export const SPAM_REASONS = {
  notAContact: 'spam-not-a-contact',
  rateLimited: 'spam-rate-limited',
  senderBlocked: 'spam-sender-blocked',
  requestDeclined: 'spam-request-declined',
} as const;

interface Request {
  status: 'pending' | 'accepted' | 'declined';
  readonly held: Arrival[];
}

const homeOf = (user: UserId): NodeId => user.slice(user.lastIndexOf('@') + 1) as NodeId;

const inScope = (scope: ProviderScope | undefined, provider: NodeId): boolean => scope !== undefined && (scope.providers === undefined || scope.providers.includes(provider));

/**
 * The client side of first contact: decides, for each first-contact message a client decrypted,
 * whether its user sees it now (displayed), later (held in a message request) or never (refused), and
 * records what users really saw. A held copy is *delivered* in the ledger (the device has it, in the
 * request folder) but counts as seen only once the user accepts the request; a refused copy is
 * rejected with one of SPAM_REASONS. Messages between contacts are never judged.
 */
export class SpamGuard {
  private readonly requests = new Map<string, Request>();
  private readonly windows = new Map<UserId, SimTime[]>();
  private readonly rateVerdicts = new Map<string, boolean>();
  private readonly reports = new Map<UserId, Set<UserId>>();
  private readonly reported = new Set<string>();
  /** When each sender was blocked by reputation. */
  readonly blockedAt = new Map<UserId, SimTime>();
  private readonly seenIn = new Map<string, Set<UserId>>();
  /** Copies of unwanted first contacts: displayed, held (never accepted), refused by reason. */
  readonly spam = { judged: 0, displayed: 0, held: 0, heldDeclined: 0, refused: new Map<string, number>() };
  /** Copies of wanted first contacts a client judged, and those its user saw. */
  readonly legitimate = { judged: 0, displayed: 0 };

  constructor(
    private readonly world: World,
    private readonly book: ContactBook,
    private readonly defenses: SpamDefenses,
    /** The person behind a device (to tell the recipient's own other devices from the sender). */
    private readonly userOf: (device: NodeId) => UserId | undefined,
  ) {}

  install(inbox: Inbox): void {
    inbox.add((a) => this.arrive(a));
  }

  /** Users who saw at least one message of `conversation`. */
  seenBy(conversation: string): ReadonlySet<UserId> {
    return this.seenIn.get(conversation) ?? new Set();
  }

  /** Wanted first-contact copies a defense held back or refused (never shown by the end of the run). */
  get falsePositives(): number {
    return this.legitimate.judged - this.legitimate.displayed;
  }

  private arrive(a: Arrival): string | undefined {
    const conversation = conversationOf(a.group);
    const fc = this.book.firstContact(conversation);
    // Only what the initiator sends to someone else is a first contact to judge.
    if (fc === undefined || fc.initiatorDevices.has(a.device) || this.userOf(a.sender) === a.user) return undefined;
    if (fc.legitimate) this.legitimate.judged++;
    else this.spam.judged++;
    const refused = this.refusal(a, conversation, fc);
    if (refused === 'hold') {
      if (!fc.legitimate) this.spam.held++;
      return undefined;
    }
    if (refused !== undefined) {
      if (!fc.legitimate) this.spam.refused.set(refused, (this.spam.refused.get(refused) ?? 0) + 1);
      return refused;
    }
    this.display(a, conversation, fc);
    return undefined;
  }

  private refusal(a: Arrival, conversation: string, fc: FirstContact): string | 'hold' | undefined {
    const { reputation, rateLimit, contactOnly, consent } = this.defenses;
    if (inScope(reputation, a.provider) && this.blockedAt.has(fc.initiator)) return SPAM_REASONS.senderBlocked;
    if (inScope(rateLimit, homeOf(fc.initiator)) && this.overRate(fc.initiator, conversation, a.at, rateLimit!.perMinute)) return SPAM_REASONS.rateLimited;
    if (inScope(contactOnly, a.provider)) return SPAM_REASONS.notAContact;
    if (inScope(consent, a.provider)) {
      const key = `${a.user}\0${conversation}`;
      let r = this.requests.get(key);
      if (r === undefined) {
        this.requests.set(key, (r = { status: 'pending', held: [] }));
        this.scheduleDecision(key, r, conversation, fc);
      }
      if (r.status === 'declined') return SPAM_REASONS.requestDeclined;
      if (r.status === 'pending') {
        r.held.push(a);
        return 'hold';
      }
    }
    return undefined;
  }

  /**
   * The sender's own provider counts the strangers each of its users starts conversations with
   * (metadata it has anyway: who opens a 1:1 group with whom) and refuses conversations beyond
   * `perMinute` in the last minute. A conversation's verdict is taken at its first message and holds
   * for all its messages and copies.
   */
  private overRate(sender: UserId, conversation: string, at: SimTime, perMinute: number): boolean {
    const known = this.rateVerdicts.get(conversation);
    if (known !== undefined) return known;
    const since = at - seconds(60);
    const recent = (this.windows.get(sender) ?? []).filter((t) => t > since);
    const limited = recent.length >= perMinute;
    if (!limited) recent.push(at);
    this.windows.set(sender, recent);
    this.rateVerdicts.set(conversation, limited);
    return limited;
  }

  /** The user opens the request after a while and accepts or declines it, as people judge messages. */
  private scheduleDecision(key: string, r: Request, conversation: string, fc: FirstContact): void {
    const c = this.defenses.consent!;
    const rng = this.world.streams.stream(`defenses/consent/${key.replace('\0', '/')}`);
    const accept = rng.chance(fc.legitimate ? c.acceptLegitimate : c.acceptSpam);
    this.world.sim.schedule(seconds(rng.exponential(1 / c.decisionSeconds)), () => {
      r.status = accept ? 'accepted' : 'declined';
      const held = r.held.splice(0);
      if (!fc.legitimate) {
        this.spam.held -= held.length;
        if (!accept) this.spam.heldDeclined += held.length;
      }
      // Declined copies stay delivered (the device had them) but their user never saw them.
      if (accept) for (const a of held) this.display({ ...a, at: this.world.sim.now }, conversation, fc);
    });
  }

  private display(a: Arrival, conversation: string, fc: FirstContact): void {
    let seen = this.seenIn.get(conversation);
    if (seen === undefined) this.seenIn.set(conversation, (seen = new Set()));
    seen.add(a.user);
    if (fc.legitimate) this.legitimate.displayed++;
    else this.spam.displayed++;
    const rep = this.defenses.reputation;
    if (!inScope(rep, a.provider)) return;
    const key = `${a.user}/${conversation}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const rng = this.world.streams.stream(`defenses/reputation/${key}`);
    if (!rng.chance(fc.legitimate ? rep!.falseReportProbability : rep!.reportProbability)) return;
    let by = this.reports.get(fc.initiator);
    if (by === undefined) this.reports.set(fc.initiator, (by = new Set()));
    by.add(a.user);
    if (by.size >= rep!.threshold && !this.blockedAt.has(fc.initiator)) this.blockedAt.set(fc.initiator, a.at);
  }
}
