import type { MessageId } from '../../core/index.ts';
import type { GroupName, Header } from '../protocol.ts';
import { SignalDevice } from './signalDevice.ts';
import { recordGhostRead } from '../attackers/ghostDevice.ts';

/**
 * The Signal counterpart of an MLS ghost device: a device a malicious provider adds to one of its
 * users' device lists. Whoever claims that user's prekey bundles sets up a session with it, so it
 * joins conversations, receives every sender's sender key over that session and really decrypts.
 */
export class SignalGhostDevice extends SignalDevice {
  /** Messages this ghost decrypted, by group. */
  readonly read = new Map<GroupName, Set<MessageId>>();

  protected override async onDecrypted(h: Extract<Header, { op: 'app' }>, plaintext: Uint8Array, groupSize: () => number): Promise<void> {
    recordGhostRead(this.read, this.services, this.id, h, plaintext);
    return super.onDecrypted(h, plaintext, groupSize);
  }
}
