import type { MessageId, NodeId, SimTime } from '../../core/index.ts';
import type { GroupName } from '../protocol.ts';

/** A send the user made while the client's API for that service was broken. */
export interface QueuedSend {
  readonly device: NodeId;
  readonly group: GroupName;
  readonly msg: MessageId;
  readonly replay: () => Promise<boolean>;
}

/**
 * Sends waiting in the multi-protocol client for the update that fixes their service, in the order
 * the user made them, with the time each was first made (a send re-queued by a second break keeps it).
 */
export class SendQueue {
  private readonly waiting = new Map<NodeId, QueuedSend[]>();
  private readonly firstTried = new Map<MessageId, SimTime>();
  /** Sends ever queued. */
  queued = 0;

  add(q: QueuedSend, now: SimTime): void {
    if (!this.firstTried.has(q.msg)) (this.firstTried.set(q.msg, now), this.queued++);
    const list = this.waiting.get(q.device);
    if (list === undefined) this.waiting.set(q.device, [q]);
    else list.push(q);
  }

  /** Takes the sends queued on `device`, oldest first. */
  take(device: NodeId): QueuedSend[] {
    const list = this.waiting.get(device) ?? [];
    this.waiting.delete(device);
    return list;
  }

  /** When the user first tried to send `msg`, if it ever waited. */
  triedAt(msg: MessageId): SimTime | undefined {
    return this.firstTried.get(msg);
  }

  /** Everything still waiting (at the end of a run). */
  drain(): QueuedSend[] {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    return all;
  }
}
