import type { MlsExtension } from '../../mls/engine.ts';
import type { Envelope } from '../../net/index.ts';
import type { DeviceHost } from '../conversation/conversationProtocol.ts';
import type { GroupName, Header } from '../protocol.ts';

/**
 * What a device asks of the run's membership layer (sim/actors/membership): only installed when the
 * scenario has departures, so runs without them take none of these paths.
 */
export interface MembershipHooks {
  /** True when the layer settled this envelope (a copy for a client that departed): the device does nothing more. */
  intercept(device: DeviceHost, env: Envelope<Header>): boolean;
  /** Group-context extensions a new group starts with (the hub's external_senders entry under mimi-hub). */
  groupExtensions(group: GroupName, suite: number): Promise<readonly MlsExtension[] | undefined>;
  /** Whether commits in `group` carry a GroupInfo for its delivery service (a MIMI hub keeps the group's public state). */
  wantsGroupInfo(group: GroupName): boolean;
  /** A device that lost its state is back in `group` from `epoch` on (its external commit was accepted). */
  rejoined?(device: DeviceHost, group: GroupName, epoch: number): void;
}
