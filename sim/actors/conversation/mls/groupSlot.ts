import type { NodeId } from '../../../core/index.ts';
import type { GroupState } from '../../../mls/engine.ts';
import type { Envelope } from '../../../net/index.ts';
import type { GroupOp } from '../../groupOp.ts';
import type { Header } from '../../protocol.ts';

/** A commit this device sent to the delivery service, adopted once it is accepted. */
export interface PendingCommit {
  readonly op: GroupOp;
  readonly epoch: number;
  readonly state: GroupState;
}

/** Whom this device's application messages go to in one epoch (MlsStack.sendTo). */
export interface SendTo {
  readonly epoch: bigint;
  /** The other members' devices, in leaf order, frozen (headers share it). */
  readonly inGroup: readonly NodeId[];
  /** JSON bytes of an app header to them, less its message id's. */
  readonly headerBase: number;
}

/** One MLS group as a device holds it: its state, its queued changes and what arrived early. */
export interface GroupSlot {
  state: GroupState | undefined;
  epoch: number;
  /** A commit removed this device; `state` is its last epoch, kept to read that epoch's stragglers. */
  left: boolean;
  pending: PendingCommit | undefined;
  /** Ops waiting their turn; the head is retried after a lost race. */
  readonly ops: GroupOp[];
  /** Waiting for a KeyPackage claim before the head op can be committed. */
  claiming: boolean;
  /** Commits that arrived ahead of this member's epoch, by epoch. */
  readonly earlyHandshakes: Map<number, Uint8Array>;
  /** Application messages for an epoch this member has not reached yet. */
  readonly earlyApps: Envelope<Header>[];
  /** Whom this device's messages go to, read at the epoch of its last send. */
  sendTo: SendTo | undefined;
}

export const newSlot = (): GroupSlot => ({ state: undefined, epoch: -1, left: false, pending: undefined, ops: [], claiming: false, earlyHandshakes: new Map(), earlyApps: [], sendTo: undefined });
