import type { MessageId, NodeId } from '../../core/index.ts';
import type { GroupState } from '../../mls/engine.ts';
import type { Envelope } from '../../net/index.ts';
import type { PayloadKind, SkipReason } from '../../trace/index.ts';
import type { sendReliably } from '../reliableSender.ts';

/** Why a send failed for good (what `sendReliably` reports). */
export type DropReason = Parameters<Parameters<typeof sendReliably>[6]>[0];
import type { DeviceServices } from '../deviceServices.ts';
import type { GroupOp } from '../groupOp.ts';
import type { GroupName, Header } from '../protocol.ts';
import type { World } from '../world.ts';

/** The E2EE protocols a conversation can be carried by. */
export type ProtocolName = 'mls' | 'signal';

type AppHeader = Extract<Header, { op: 'app' }>;

/**
 * What a device offers the protocol stacks it holds: its identity, the accounting of what it decrypts,
 * its modelled CPU and its connection to its provider. The stacks never settle a message themselves:
 * they hand the plaintext (or the reason it could not be read) back to the device.
 */
export interface DeviceHost {
  readonly world: World;
  readonly services: DeviceServices;
  readonly id: NodeId;
  readonly user: string;
  readonly provider: NodeId;
  readonly isOnline: boolean;
  /** A relaying member (a bridge) is no recipient in the ledger: it decrypts what is not addressed to it. */
  readonly relays: boolean;
  /** A copy already settled or being settled here (counted as a duplicate); stacks check before decrypting. */
  isDuplicate(h: AppHeader): boolean;
  /** Hands a decrypted message to the device (compare with what was sent, client checks, outcome). */
  decrypted(h: AppHeader, plaintext: Uint8Array, groupSize: () => number): void | Promise<void>;
  /** A recipient that could not decrypt: the device records the outcome. */
  undecryptable(h: AppHeader, reason: string): void;
  /** A request number for a key-material claim, unique across the device's stacks (the answer is routed back by it). */
  nextRequest(stack: ConversationProtocol): number;
  /** The client was upgraded: every stack advertises the new capabilities. */
  upgrade(): Promise<void>;
  /** Queues a membership change on whichever stack carries `group` (roster checks, migrations). */
  request(group: GroupName, op: GroupOp): Promise<void>;
  afterCpu(groupSize: number | (() => number), then: () => void): void;
  toProvider(kind: PayloadKind, header: Header, payload: Uint8Array): void;
}

/**
 * One protocol stack of a device: the conversations it carries on one protocol, behind one surface
 * ("create this conversation with these members, add, remove, send, receive"). A device may hold
 * more than one (an entrant's client speaks MLS with its federation and the gatekeeper's protocol
 * through the reference offer) and picks one per conversation.
 */
export interface ConversationProtocol {
  readonly protocol: ProtocolName;
  /** Identity keys and the key material the provider's directory serves (KeyPackages, prekey bundles); undefined when done at once (all made ahead). */
  start(count: number): void | Promise<void>;
  /** The client was upgraded (sim/actors/content): advertise the new capabilities. */
  upgrade(): Promise<void>;
  /** Whether this stack holds any state for `group` (joined, joining, or left). */
  knows(group: GroupName): boolean;
  isMember(group: GroupName): boolean;
  /** Queues a membership change (create, add, remove, update, reinit). */
  request(group: GroupName, op: GroupOp): Promise<void>;
  sendBlocker(group: GroupName): Exclude<SkipReason, 'no-recipients'> | undefined;
  /** Encrypts and sends an application message to every other member; false if nothing was sent. */
  sendApplication(group: GroupName, msg: MessageId, plaintext: Uint8Array): Promise<boolean>;
  /**
   * Encrypts `plaintext` of message `msg` (already in the ledger) into `group` for `recipients`, as a
   * relaying member does (a re-encrypting bridge); `lost` settles the copies if the send fails for good.
   * False if this stack cannot send in `group`.
   */
  relay(group: GroupName, msg: MessageId, plaintext: Uint8Array, recipients: readonly NodeId[], lost: (reason: DropReason) => void): Promise<boolean>;
  /** The other members' devices of a conversation this stack is in (empty if none). */
  peers(group: GroupName): NodeId[];
  /** The group's MLS state, for the parts of a run that read MLS leaves (content layer); undefined otherwise. */
  groupState(group: GroupName): GroupState | undefined;
  memberships(): Map<GroupName, number>;
  undecryptedEarlyApps(): Envelope<Header>[];
  /** The user left `group` (or deleted the app): the stack stops taking part in it (sim/actors/membership). */
  depart?(group: GroupName): void;
  /** Restored without history: every group state dropped, keys kept; the groups it was in (MLS only). */
  loseState?(): GroupName[];
  /** A protocol message for this stack (claims answered, ordered changes, joins, pairwise, application). */
  receive(env: Envelope<Header>): Promise<void> | void;
  /**
   * Optional: an application message for this stack is on its last link (sim/net Network.attach's
   * notice). The stack may start work that depends only on the bytes and its present state; it must
   * change nothing observable, and `receive` decides everything when the message arrives.
   */
  incoming?(env: Envelope<Header>): void;
}
