import type { MessageId, NodeId, SimTime } from '../../core/index.ts';
import { percentiles, type TraceRecord } from '../../trace/index.ts';
import type { BrokenWindow } from './apiBreaks.ts';
import type { SendQueue } from './sendQueue.ts';

/** What broken client APIs did to messages: every affected copy delivered late or dropped with its reason. */
export interface BreakImpactReport {
  /** Sends lost in the client (`drop` policy, or still queued at the end): never sent, one `skip` each. */
  readonly sendsLost: number;
  /** Sends that waited in the client for an update. */
  readonly sendsQueued: number;
  /** Recipient copies dropped because the recipient's client could not fetch them (`client-api-broken`). */
  readonly copiesLost: number;
  /** Messages with at least one copy lost (sends lost included). */
  readonly messagesLost: number;
  /** Copies delivered after waiting for an update (queued at the sender or held at the recipient's server). */
  readonly copiesDelayed: number;
  readonly messagesDelayed: number;
  /** Time from the user's send to delivery of the delayed copies, seconds. */
  readonly delaySeconds: { readonly mean: number; readonly p50: number; readonly p95: number; readonly max: number };
  /** Affected copies dropped for another reason on their late way, by reason. */
  readonly otherDrops: Readonly<Record<string, number>>;
}

/**
 * Reads the run's trace for the outcomes of messages a broken client API touched: a copy delivered
 * to a device whose service was broken between the send and the delivery, or any copy of a send that
 * waited in the client, is delayed; `client-api-broken` drops and skips are lost.
 */
export class BreakImpact {
  private sendsLost = 0;
  private copiesLost = 0;
  private readonly lostMessages = new Set<MessageId>();
  private readonly delays: number[] = [];
  private readonly delayedMessages = new Set<MessageId>();
  private readonly otherDrops = new Map<string, number>();

  constructor(
    private readonly serviceOf: (device: NodeId) => NodeId | undefined,
    private readonly windows: ReadonlyMap<NodeId, readonly BrokenWindow[]>,
    private readonly queue: SendQueue,
  ) {}

  readonly listener = (r: TraceRecord): void => {
    switch (r.type) {
      case 'deliver': {
        const delay = this.delayOf(r.msg, r.to, r.t, r.latency);
        if (delay === undefined) return;
        this.delays.push(delay / 1_000_000);
        this.delayedMessages.add(r.msg);
        return;
      }
      case 'drop':
        if (r.reason === 'client-api-broken') (this.copiesLost++, this.lostMessages.add(r.msg));
        else if (this.queue.triedAt(r.msg) !== undefined) this.otherDrops.set(r.reason, (this.otherDrops.get(r.reason) ?? 0) + 1);
        return;
      case 'skip':
        if (r.reason === 'client-api-broken') this.sendsLost++;
        return;
      default:
        return;
    }
  };

  /** Microseconds from the user's send to this delivery, if a break delayed it. */
  private delayOf(msg: MessageId, to: NodeId, t: SimTime, latency: number): number | undefined {
    const tried = this.queue.triedAt(msg);
    if (tried !== undefined) return t - tried;
    const service = this.serviceOf(to);
    if (service === undefined) return undefined;
    const sentAt = t - latency;
    // The recipient's service was broken at some point between the send and this delivery.
    return (this.windows.get(service) ?? []).some((w) => w.from < t && w.to > sentAt) ? latency : undefined;
  }

  report(): BreakImpactReport {
    const none = this.delays.length === 0;
    const [p50, p95] = none ? [0, 0] : percentiles(this.delays, [50, 95]);
    const sum = this.delays.reduce((a, b) => a + b, 0);
    const max = this.delays.reduce((a, b) => (b > a ? b : a), 0);
    return {
      sendsLost: this.sendsLost,
      sendsQueued: this.queue.queued,
      copiesLost: this.copiesLost,
      messagesLost: this.lostMessages.size + this.sendsLost,
      copiesDelayed: this.delays.length,
      messagesDelayed: this.delayedMessages.size,
      delaySeconds: { mean: none ? 0 : sum / this.delays.length, p50: p50 ?? 0, p95: p95 ?? 0, max },
      otherDrops: Object.fromEntries([...this.otherDrops].sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  }
}
