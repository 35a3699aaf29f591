import type { MessageId, NodeId } from '../../core/index.ts';
import { DeviceActor, type DeviceServices } from '../device.ts';
import type { GroupName, Header } from '../protocol.ts';

/**
 * A device a malicious provider controls, registered under one of its users: a real client that joins
 * the conversations it is added to (an MLS Welcome; under Signal, sessions set up with the bundles it
 * is served, and every sender's sender key over them) and really decrypts what it receives. What it
 * reads is recorded as an exposure (ground truth), by group.
 */
export class GhostDevice extends DeviceActor {
  /** Messages this ghost decrypted, by group. */
  readonly read = new Map<GroupName, Set<MessageId>>();

  protected override async onDecrypted(h: Extract<Header, { op: 'app' }>, plaintext: Uint8Array, groupSize: () => number): Promise<void> {
    recordGhostRead(this.read, this.services, this.id, h, plaintext);
    return super.onDecrypted(h, plaintext, groupSize);
  }
}

/** What a ghost device (MLS or Signal) does with each message it decrypts: an exposure, and its own tally by group. */
export function recordGhostRead(read: Map<GroupName, Set<MessageId>>, services: DeviceServices, id: NodeId, h: Extract<Header, { op: 'app' }>, plaintext: Uint8Array): void {
  services.exposures?.observe(id, h.msg, plaintext, 'ghost-device');
  const set = read.get(h.group) ?? new Set<MessageId>();
  set.add(h.msg);
  read.set(h.group, set);
}
