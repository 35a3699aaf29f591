import type { MessageId, NodeId, SimTime } from '../core/index.ts';
import type { LeafInfo } from '../mls/engine.ts';
import type { GroupName, UserId } from './protocol.ts';

/** One application message a client decrypted and is about to show its user. */
export interface Arrival {
  readonly device: NodeId;
  readonly user: UserId;
  /** The server the receiving device is registered at (whose client policies apply). */
  readonly provider: NodeId;
  readonly group: GroupName;
  readonly msg: MessageId;
  readonly sender: NodeId;
  readonly plaintext: Uint8Array;
  readonly at: SimTime;
}

/** A client-side step on arrival: undefined lets the message through, a string refuses it with that reason. */
export type InboxStep = (a: Arrival) => string | undefined;

/**
 * Told as a client sends an application message, with the devices of its group's MLS roster and,
 * read on demand, their leaves (what each member's client advertises, signed by that member).
 */
export type SendStep = (device: NodeId, provider: NodeId, group: GroupName, msg: MessageId, members: readonly NodeId[], leaves: () => readonly LeafInfo[]) => void;

/**
 * What a client does with a message it decrypted before its user sees it: spam filters, message
 * requests, impersonation checks, retention of disappearing messages. These run on the client because
 * end-to-end encryption leaves the servers nothing to read. A refusal becomes the copy's one ledger
 * outcome (`reject` with the step's reason); otherwise the copy is delivered.
 */
export class Inbox {
  private readonly steps: InboxStep[] = [];
  private readonly sendSteps: SendStep[] = [];

  /** True when some step is installed (a run without any does no extra work per message). */
  get active(): boolean {
    return this.steps.length > 0;
  }

  get sending(): boolean {
    return this.sendSteps.length > 0;
  }

  onSend(step: SendStep): void {
    this.sendSteps.push(step);
  }

  /** Runs before the message is encrypted: a step may still change how the client sends it. */
  send(device: NodeId, provider: NodeId, group: GroupName, msg: MessageId, members: readonly NodeId[], leaves: () => readonly LeafInfo[]): void {
    for (const step of this.sendSteps) step(device, provider, group, msg, members, leaves);
  }

  /** Steps run in installation order; the first refusal wins and later steps do not see the message. */
  add(step: InboxStep): void {
    this.steps.push(step);
  }

  arrive(a: Arrival): string | undefined {
    for (const step of this.steps) {
      const refused = step(a);
      if (refused !== undefined) return refused;
    }
    return undefined;
  }
}
