import type { MessageId } from '../../core/index.ts';
import { DeviceActor } from '../device.ts';
import type { GroupName, Header } from '../protocol.ts';

/**
 * A device a malicious provider controls, registered under one of its users: a real MLS client that
 * joins the groups it is added to from the Welcome and really decrypts what it receives. What it
 * reads is recorded as an exposure (ground truth), by group.
 */
export class GhostDevice extends DeviceActor {
  /** Messages this ghost decrypted, by group. */
  readonly read = new Map<GroupName, Set<MessageId>>();

  protected override async onDecrypted(h: Extract<Header, { op: 'app' }>, plaintext: Uint8Array, groupSize: () => number): Promise<void> {
    this.services.exposures?.observe(this.id, h.msg, plaintext, 'ghost-device');
    const set = this.read.get(h.group) ?? new Set<MessageId>();
    set.add(h.msg);
    this.read.set(h.group, set);
    return super.onDecrypted(h, plaintext, groupSize);
  }
}
