import type { NodeId } from '../core/index.ts';
import { conversationOf } from './conversation.ts';
import type { GroupSlot } from './conversation/mls/groupSlot.ts';
import { DeviceActor } from './device.ts';
import type { GroupName, Header } from './protocol.ts';
import { sendReliably } from './reliableSender.ts';
import { homeOfDevice, homeOfGroup } from './world.ts';

type AppHeader = Extract<Header, { op: 'app' }>;

/**
 * A re-encrypting bridge: an MLS member of one group per provider of each conversation it serves. It
 * decrypts what arrives in one (it holds the plaintext: recorded as an exposure) and encrypts it
 * again into the others. Its members can also be made to say anything: it could forge.
 */
export class BridgeDevice extends DeviceActor {
  override readonly relays = true;
  plaintextsSeen = 0;
  /** Set by a malicious operator: the content to re-encrypt instead of what arrived. */
  alter: ((h: AppHeader, plaintext: Uint8Array) => Uint8Array) | undefined;

  /** The bridge's MLS groups, one per side of each conversation it serves. */
  private get slots(): ReadonlyMap<GroupName, GroupSlot> {
    return this.mls?.slots ?? new Map();
  }

  /** The endpoints this bridge re-encrypts to for a message arriving in `group`. */
  relayTargets(group: GroupName): NodeId[] {
    const out: NodeId[] = [];
    for (const [other, slot] of this.slots) {
      if (other === group || slot.state === undefined || slot.left || conversationOf(other) !== conversationOf(group)) continue;
      const { engine } = this.services;
      const me = engine.ownLeafIndex(slot.state);
      for (const m of engine.members(slot.state)) if (m.leafIndex !== me) out.push(m.identity as NodeId);
    }
    return out;
  }

  protected override async onDecrypted(h: AppHeader, plaintext: Uint8Array, _groupSize: () => number): Promise<void> {
    const { sim, ledger } = this.world;
    this.plaintextsSeen++;
    this.services.exposures?.observe(this.id, h.msg, plaintext, 'bridge');
    const { engine, clock } = this.services;
    // Whoever runs the bridge may change what it re-encrypts (a bridge-operator attacker).
    const relayed = this.alter?.(h, plaintext) ?? plaintext;
    const delivered = new Set<NodeId>();
    for (const [other, slot] of this.slots) {
      if (other === h.group || slot.state === undefined || slot.left || conversationOf(other) !== conversationOf(h.group)) continue;
      const me = engine.ownLeafIndex(slot.state);
      const recipients = engine
        .members(slot.state)
        .filter((m) => m.leafIndex !== me)
        .map((m) => m.identity as NodeId)
        .filter((d) => ledger.isPending(h.msg, d));
      if (recipients.length === 0) continue;
      const r = await clock.time('protect', () => engine.protect(slot.state!, relayed));
      if (r.kind !== 'ok') continue;
      slot.state = r.state;
      recipients.forEach((d) => delivered.add(d));
      const header: Header = { op: 'app', group: other, msg: h.msg, sender: this.id, recipients };
      this.afterCpu(recipients.length + 1, () =>
        sendReliably(this.world, this.id, this.provider, 'application', header, r.message, (reason) => {
          for (const to of recipients) if (ledger.isPending(h.msg, to)) (ledger.drop(h.msg, to, sim.now, reason), this.services.plaintexts.release(h.msg));
        }, undefined, h.msg),
      );
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
