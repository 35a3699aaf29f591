import type { NodeId } from '../../core/index.ts';
import type { IdentityKeys, PreKeyStore, SenderKey, SenderKeyRecord, Session } from '../../signal/engine.ts';
import type { GroupName } from '../protocol.ts';

/**
 * A Signal device's whole protocol state at one instant, as a thief imaging the device would copy it.
 * Engine handles are immutable values, so holding them is a real copy: the device moving on does not
 * move this one.
 */
export interface SignalDeviceState {
  readonly identity: IdentityKeys;
  readonly preKeys: PreKeyStore;
  /** Pairwise Double Ratchet sessions, by remote device. */
  readonly sessions: ReadonlyMap<NodeId, Session>;
  /** Per conversation it is in: the devices in it, other members' sender-key chains, and its own. */
  readonly conversations: ReadonlyMap<GroupName, { readonly roster: readonly NodeId[]; readonly records: ReadonlyMap<NodeId, SenderKeyRecord>; readonly own: SenderKey | undefined }>;
}
