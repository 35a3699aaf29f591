import { micros, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import type { Envelope, LinkVerdict } from '../../net/index.ts';
import type { TraceRecord } from '../../trace/index.ts';
import type { Header } from '../protocol.ts';
import { secondsBetween, type AttackReport, type Attacker, type AttackerContext } from './attacker.ts';
import { visibleSender } from './metadataObserver.ts';
import { groundTruthPairs, HeaderPairs, type TalkPairs } from './talkPairs.ts';

export type LinkAction = 'read' | 'modify' | 'drop' | 'replay' | 'delay';

export interface NetworkAdversaryConfig {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly actions: readonly LinkAction[];
  /** Share of application envelopes the active actions hit. */
  readonly share: number;
  readonly delayMs: number;
  readonly replayAfterMs: number;
  readonly providers: readonly NodeId[];
  /** Hop-by-hop TLS on this link: headers and payloads are ciphertext to the adversary. */
  readonly linkEncrypted: boolean;
  readonly sealedSender: (provider: NodeId) => boolean;
}

/**
 * An on-path adversary on one link between servers. It reads every envelope crossing the link (the
 * routing headers, unless the servers run TLS between them: then only sizes and timing) and, on a
 * share of the application envelopes, alters a byte of the MLS ciphertext, drops the envelope,
 * replays it later, or delays it. Everything it reports is measured: pairs learned against the
 * workload's real pairs; altered copies the recipients accepted (forged) or rejected (the real
 * ts-mls decryption failing: detected); replayed copies that reached a client and were discarded as
 * already consumed (RFC 9420 §9: a (sender, generation) key is deleted after use); drops and added
 * latency from the ledger.
 */
export class NetworkAdversary implements Attacker {
  readonly kind = 'network-adversary';
  readonly id: string;
  private readonly seen: HeaderPairs;
  private readonly truth: TalkPairs;
  private readonly rng;
  private readonly active: LinkAction[];
  private readonly tampered = new Map<MessageId, { at: SimTime; recipients: Set<string> }>();
  private readonly replayed = new Set<MessageId>();
  private readonly dropped = new Set<MessageId>();
  private readonly delayed = new Set<MessageId>();
  /** Application copies reaching each client, per replayed message: a second one is the replay. */
  private readonly arrivals = new Map<string, number>();
  private readonly forgedMsgs = new Set<MessageId>();
  /** Cleartext messages this adversary read on the link. */
  private readonly readClear = new Set<MessageId>();
  private tamperRejected = 0;
  private readonly detectionTimes: number[] = [];
  private droppedCopies = 0;
  private delayedLatency = 0;
  private delayedCopies = 0;
  private replaysAtClients = 0;
  private replaysInjected = 0;
  private readonly replayInjectedAt = new Map<MessageId, SimTime>();
  private readonly tamperDetected = new Set<MessageId>();
  private readonly droppedMsgs = new Set<MessageId>();
  private readonly delayedMsgs = new Set<MessageId>();

  constructor(private readonly ctx: AttackerContext, private readonly config: NetworkAdversaryConfig) {
    this.id = `attacker/link@${config.a}-${config.b}`;
    const providers = new Set<string>(config.providers);
    this.seen = new HeaderPairs(providers);
    this.truth = groundTruthPairs(ctx.world.trace, providers);
    this.rng = ctx.world.streams.stream(`attackers/${this.id}/choices`);
    this.active = config.actions.filter((a) => a !== 'read');
    ctx.world.net.interceptLink(config.a, config.b, (env) => this.intercept(env as Envelope<Header>));
    if (this.active.includes('replay'))
      ctx.world.net.observeArrivals((env, node) => {
        if (env.to !== node || env.msg === undefined || !this.replayed.has(env.msg) || !ctx.devices.has(node)) return;
        const key = `${env.msg}>${node}`;
        const n = (this.arrivals.get(key) ?? 0) + 1;
        this.arrivals.set(key, n);
        // A client that already holds this message's outcome discards the copy (it cannot be accepted twice).
        if (n > 1 && !ctx.world.ledger.isPending(env.msg, node)) {
          this.replaysAtClients++;
          const injected = this.replayInjectedAt.get(env.msg);
          if (injected !== undefined) (this.replayInjectedAt.delete(env.msg), this.detectionTimes.push(secondsBetween(injected, ctx.world.sim.now)));
        }
      });
    ctx.world.trace.subscribe((r) => this.onOutcome(r));
  }

  private intercept(env: Envelope<Header>): LinkVerdict {
    const h = env.header;
    if (this.config.actions.includes('read')) {
      this.seen.envelopes++;
      this.seen.bytes += env.payload.length;
      if (!this.config.linkEncrypted && h?.op === 'app') this.seen.see(h, visibleSender(env, h, this.config.sealedSender));
      // A cleartext fallback crossing an unencrypted link is read in full: a real exposure, once per message.
      if (!this.config.linkEncrypted && h?.op === 'app' && h.clear === true && !this.readClear.has(h.msg)) {
        this.readClear.add(h.msg);
        this.ctx.exposures.observe(this.id as NodeId, h.msg, env.payload, 'attacker');
      }
    }
    if (this.active.length === 0 || env.kind !== 'application' || h?.op !== 'app') return { kind: 'pass' };
    // Retransmissions of an envelope already acted on pass untouched (one action per message).
    if (this.tampered.has(h.msg) || this.replayed.has(h.msg) || this.dropped.has(h.msg) || this.delayed.has(h.msg)) return { kind: 'pass' };
    if (!this.rng.chance(this.config.share)) return { kind: 'pass' };
    const action = this.active[this.rng.int(0, this.active.length - 1)]!;
    const { sim } = this.ctx.world;
    switch (action) {
      case 'modify': {
        // Flip one bit of the AEAD-protected tail: the copy keeps its framing, the content is altered.
        const payload = Uint8Array.from(env.payload);
        payload[payload.length - 1 - this.rng.int(0, Math.min(15, payload.length - 1))]! ^= 0x01;
        this.tampered.set(h.msg, { at: sim.now, recipients: new Set(h.recipients) });
        return { kind: 'modify', payload };
      }
      case 'drop':
        this.dropped.add(h.msg);
        return { kind: 'drop', reason: 'dropped-on-link' };
      case 'replay':
        this.replayed.add(h.msg);
        this.replaysInjected++;
        this.replayInjectedAt.set(h.msg, (sim.now + Math.round(this.config.replayAfterMs * 1000)) as SimTime);
        return { kind: 'replay', afterMicros: Math.round(this.config.replayAfterMs * 1000) };
      case 'delay':
        this.delayed.add(h.msg);
        return { kind: 'delay', micros: micros(Math.round(this.config.delayMs * 1000)) };
      default:
        return { kind: 'pass' };
    }
  }

  private onOutcome(r: TraceRecord): void {
    if (r.type !== 'deliver' && r.type !== 'reject' && r.type !== 'drop') return;
    const t = this.tampered.get(r.msg);
    if (t !== undefined && t.recipients.size > 0) {
      // Only copies that went through the altered envelope count (others may come another way).
      if (r.type === 'deliver' && t.recipients.has(r.to)) this.forgedMsgs.add(r.msg);
      if (r.type === 'reject' && (r.reason.startsWith('decrypt-') || r.reason.startsWith('bridge-decrypt-'))) {
        this.tamperRejected++;
        // The alteration is detected when the first recipient's decryption fails.
        if (!this.tamperDetected.has(r.msg)) (this.tamperDetected.add(r.msg), this.detectionTimes.push(secondsBetween(t.at, r.t)));
      }
    }
    if (r.type === 'drop' && r.reason === 'dropped-on-link' && this.dropped.has(r.msg)) (this.droppedCopies++, this.droppedMsgs.add(r.msg));
    if (r.type === 'deliver' && this.delayed.has(r.msg)) {
      this.delayedCopies++;
      this.delayedLatency += r.latency;
      this.delayedMsgs.add(r.msg);
    }
  }

  report(): AttackReport {
    const read = this.config.actions.includes('read');
    const learned = this.seen.learned.size;
    const correct = read ? this.seen.learned.correctAgainst(this.truth) : 0;
    const tamperedCopies = [...this.tampered.values()].reduce((n, t) => n + t.recipients.size, 0);
    return {
      attempts: (read ? this.truth.size : 0) + this.tampered.size + this.replaysInjected + this.dropped.size + this.delayed.size,
      // Per message: forged (accepted altered or replayed), dropped for good, delivered late.
      successes: correct + this.forgedMsgs.size + this.droppedMsgs.size + this.delayedMsgs.size,
      exposed: this.readClear.size,
      forged: this.forgedMsgs.size,
      detections: this.detectionTimes,
      detail: {
        ...(read && { pairsTrue: this.truth.size, pairsLearned: learned, pairsCorrect: correct, envelopesSeen: this.seen.envelopes, bytesSeen: this.seen.bytes }),
        ...(this.active.includes('modify') && { tampered: this.tampered.size, tamperedCopies, tamperRejected: this.tamperRejected }),
        ...(this.active.includes('replay') && { replayed: this.replaysInjected, replaysDiscarded: this.replaysAtClients }),
        ...(this.active.includes('drop') && { dropped: this.dropped.size, droppedCopies: this.droppedCopies }),
        ...(this.active.includes('delay') && { delayed: this.delayed.size, delayedCopies: this.delayedCopies, delayedMeanLatencyMs: this.delayedCopies === 0 ? 0 : Math.round(this.delayedLatency / this.delayedCopies / 1000) }),
      },
    };
  }
}
