import type { NodeId } from '../core/index.ts';
import { conversationOf } from './conversation.ts';
import type { DropReason } from './conversation/conversationProtocol.ts';
import { DeviceActor } from './device.ts';
import type { GroupName, Header } from './protocol.ts';
import { homeOfDevice, homeOfGroup } from './world.ts';

type AppHeader = Extract<Header, { op: 'app' }>;

/**
 * A re-encrypting bridge: a member of one group per provider of each conversation it serves, each on
 * its provider's protocol (it speaks MLS and Signal when the sides do). It decrypts what arrives in one
 * (it holds the plaintext: recorded as an exposure) and encrypts it again into the others. Its members
 * can also be made to say anything: it could forge.
 */
export class BridgeDevice extends DeviceActor {
  override readonly relays = true;
  plaintextsSeen = 0;
  /** Set by a malicious operator: the content to re-encrypt instead of what arrived. */
  alter: ((h: AppHeader, plaintext: Uint8Array) => Uint8Array) | undefined;

  /** The other groups of `group`'s conversation this bridge is a member of, on whichever protocol carries each. */
  private otherSides(group: GroupName): GroupName[] {
    return [...this.memberships().keys()].filter((other) => other !== group && conversationOf(other) === conversationOf(group) && this.isMember(other));
  }

  /** The endpoints this bridge re-encrypts to for a message arriving in `group`. */
  relayTargets(group: GroupName): NodeId[] {
    return this.otherSides(group).flatMap((other) => this.peers(other));
  }

  protected override async onDecrypted(h: AppHeader, plaintext: Uint8Array, _groupSize: () => number): Promise<void> {
    const { sim, ledger } = this.world;
    this.plaintextsSeen++;
    this.services.exposures?.observe(this.id, h.msg, plaintext, 'bridge');
    // Whoever runs the bridge may change what it re-encrypts (a bridge-operator attacker).
    const relayed = this.alter?.(h, plaintext) ?? plaintext;
    const delivered = new Set<NodeId>();
    for (const other of this.otherSides(h.group)) {
      const recipients = this.peers(other).filter((d) => ledger.isPending(h.msg, d));
      if (recipients.length === 0) continue;
      const lost = (reason: DropReason) => {
        for (const to of recipients) if (ledger.isPending(h.msg, to)) (ledger.drop(h.msg, to, sim.now, reason), this.services.plaintexts.release(h.msg));
      };
      // Each side on its own protocol: the bridge encrypts again with that side's group (MLS) or sessions and sender key (Signal).
      if (await this.relayInto(other, h.msg, relayed, recipients, lost)) recipients.forEach((d) => delivered.add(d));
    }
    this.settleUnreachable(h, delivered);
  }

  protected override onUndecryptable(h: AppHeader, reason: string): void {
    // The bridge is no recipient of its own: the endpoints behind it lose the message.
    this.settleUnreachable(h, new Set(), `bridge-${reason}`);
  }

  /** Endpoints counted at send time that this relay does not reach (membership moved meanwhile). */
  private settleUnreachable(h: AppHeader, reached: ReadonlySet<NodeId>, reason = 'bridge-membership-changed'): void {
    const { ledger, sim } = this.world;
    const direct = homeOfGroup(h.group);
    for (const d of ledger.pendingRecipients(h.msg)) {
      if (!reached.has(d) && homeOfDevice(d) !== direct) {
        this.services.plaintexts.release(h.msg);
        ledger.reject(h.msg, d, sim.now, this.id, reason);
      }
    }
  }
}
