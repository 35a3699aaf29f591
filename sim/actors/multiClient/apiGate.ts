import type { MessageId, NodeId } from '../../core/index.ts';
import type { GroupName } from '../protocol.ts';

/**
 * What a client device asks of the multi-protocol client it runs in (sim/actors/multiClient): whether
 * its service's API works now, and whether a send must wait for the vendor's update.
 */
export interface ApiGate {
  /** True while the API of `device`'s service is broken: the device neither sends nor receives there. */
  cut(device: NodeId): boolean;
  /** Why a send from `device` is lost now (the `drop` policy while broken), or undefined. */
  sendBlocker(device: NodeId): 'client-api-broken' | undefined;
  /**
   * Sees every application send of a client device before it is encrypted. True if the send was
   * queued while broken: `replay` sends it once the client is updated.
   */
  hold(device: NodeId, group: GroupName, msg: MessageId, plaintext: Uint8Array, replay: () => Promise<boolean>): boolean;
}
