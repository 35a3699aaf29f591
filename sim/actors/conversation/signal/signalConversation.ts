import type { NodeId } from '../../../core/index.ts';
import type { Envelope } from '../../../net/index.ts';
import type { SenderKey, SenderKeyRecord } from '../../../signal/engine.ts';
import type { GroupOp } from '../../groupOp.ts';
import type { Header } from '../../protocol.ts';

/** Whom a device's messages go to while the conversation keeps one roster array (SignalStack.sendTo). */
export interface SignalSendTo {
  readonly roster: readonly NodeId[];
  /** The other devices, in roster order, frozen (headers share the list). */
  readonly inGroup: readonly NodeId[];
  /** Two users at most: pairwise copies, not a sender key. */
  readonly pairwise: boolean;
  /** JSON bytes of an app header from this device in the conversation, less its message id's and recipient list's. */
  readonly fixedHeaderBytes: number;
}

/** One conversation as a Signal device holds it: the roster version it has, its sender keys, what waits. */
export interface SignalConversation {
  /** The devices in the conversation (this one included); undefined until created or joined. */
  roster: NodeId[] | undefined;
  /** The roster version, ordered by the group's server as MLS epochs are. */
  epoch: number;
  /** A change removed this device. */
  left: boolean;
  pending: { readonly op: GroupOp; readonly epoch: number; readonly roster: NodeId[]; readonly removes: readonly NodeId[] } | undefined;
  readonly ops: GroupOp[];
  claimingOp: boolean;
  /** Roster changes that arrived ahead of this device's version, by version. */
  readonly early: Map<number, Uint8Array>;
  /** Application messages that arrived before this device joined. */
  readonly earlyApps: Envelope<Header>[];
  /** Sender-key messages whose sender's distribution has not arrived yet, by sender. */
  readonly waitingKey: Map<NodeId, Envelope<Header>[]>;
  /** This device's sending chain; undefined until its first message, and again after a rotation. */
  own: SenderKey | undefined;
  /** Members that hold this device's current chain. */
  readonly distributedTo: Set<NodeId>;
  /** Other members' chains, by sender. */
  readonly records: Map<NodeId, SenderKeyRecord>;
  /** Whom this device's messages go to, read at its last send (valid while `roster` is the same array). */
  sendTo: SignalSendTo | undefined;
}

export const newConversation = (): SignalConversation => ({
  roster: undefined,
  epoch: -1,
  left: false,
  pending: undefined,
  ops: [],
  claimingOp: false,
  early: new Map(),
  earlyApps: [],
  waitingKey: new Map(),
  own: undefined,
  distributedTo: new Set(),
  records: new Map(),
  sendTo: undefined,
});
