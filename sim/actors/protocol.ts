import type { MessageId, NodeId } from '../core/index.ts';

/** A user's identity, e.g. `u7@provA`. */
export type UserId = string & { readonly __brand: 'UserId' };
/** A group (conversation) id, as it appears in MLS framing. */
export type GroupName = string & { readonly __brand: 'GroupName' };

export const userId = (s: string): UserId => s as UserId;
export const groupName = (s: string): GroupName => s as GroupName;

/**
 * The routing header a client or server puts on an envelope: the metadata a delivery service must see
 * to do its job (RFC 9420 §16.4 and the MIMI transport carry the same). The MLS bytes themselves ride
 * in the envelope payload; the header's serialized size counts on the wire too.
 */
export type Header =
  /**
   * Device -> its provider: store these KeyPackages of `suite` (payload: one upload, framed,
   * sim/actors/keyPackageUpload.ts) in the directory; `lastResort`: the last of them is the reusable one.
   */
  | { readonly op: 'kp-publish'; readonly device: NodeId; readonly suite: number; readonly lastResort: boolean }
  /** Device -> provider -> user's home provider: one KeyPackage for each of the user's devices. */
  | {
      readonly op: 'kp-claim';
      readonly request: number;
      readonly requester: NodeId;
      /** The account asked for, when the requester knows it exactly (hierarchical names, own accounts). */
      readonly user: UserId;
      /** A phone number or handle to be resolved by the servers instead. */
      readonly identifier?: string;
      /** Set once resolved: the provider the claim is routed to. */
      readonly resolvedTo?: NodeId;
      readonly suite: number;
      readonly group: GroupName;
      /** Capability discovery: list the user's devices and their suites, claiming nothing (sim/actors/content). */
      readonly query?: true;
    }
  /** Server -> lookup service (discovery or gateway directory): one round trip of a resolution. */
  | { readonly op: 'lookup'; readonly request: number; readonly asker: NodeId }
  | { readonly op: 'lookup-result'; readonly request: number; readonly asker: NodeId }
  /** Home provider -> requester: the claimed packages (payload, length-prefixed), one per device. */
  | {
      readonly op: 'kp-claimed';
      readonly request: number;
      readonly requester: NodeId;
      readonly user: UserId;
      readonly group: GroupName;
      readonly devices: readonly NodeId[];
    }
  /** A commit for the group's delivery service; roster changes so it can fan out. */
  | {
      readonly op: 'commit';
      readonly group: GroupName;
      readonly epoch: number;
      readonly committer: NodeId;
      readonly adds: readonly NodeId[];
      readonly removes: readonly NodeId[];
      readonly attempt: number;
    }
  /** DS -> committer: accepted (adopt the pending state) or rejected (discard, process, retry). */
  | { readonly op: 'commit-result'; readonly group: GroupName; readonly epoch: number; readonly committer: NodeId; readonly accepted: boolean; readonly reason?: string }
  /** DS -> joiner: a Welcome (payload). */
  | { readonly op: 'welcome'; readonly group: GroupName; readonly epoch: number; readonly joiner: NodeId }
  /** DS -> member: a commit accepted by the DS (payload). */
  | { readonly op: 'handshake'; readonly group: GroupName; readonly epoch: number; readonly to: NodeId }
  /** Application message, fanned out server-side to each recipient device. */
  | {
      readonly op: 'app';
      readonly group: GroupName;
      readonly msg: MessageId;
      readonly sender: NodeId;
      readonly recipients: readonly NodeId[];
      /** Transport fallback: the payload is the content in clear, readable by every server on the way. */
      readonly clear?: true;
    }
  /** Signal protocol: one device's pairwise message to another (a sender-key distribution), routed like a Welcome. */
  | { readonly op: 'pairwise'; readonly group: GroupName; readonly from: NodeId; readonly to: NodeId }
  /** Hub -> member: an external sender's proposal (payload) for `epoch`; `commit`: this member is asked to commit it. */
  | { readonly op: 'proposal'; readonly group: GroupName; readonly epoch: number; readonly to: NodeId; readonly commit: boolean }
  /** Device -> the group's delivery service: the current GroupInfo, to rejoin by external commit (RFC 9420 §12.4.3.2). */
  | { readonly op: 'group-info-request'; readonly group: GroupName; readonly device: NodeId }
  /** Delivery service -> device: the GroupInfo of `epoch` (payload; empty when the service holds none). */
  | { readonly op: 'group-info'; readonly group: GroupName; readonly epoch: number; readonly to: NodeId }
  /** Device -> its provider: the device is (re)connected; flush what was stored for it. */
  | { readonly op: 'online'; readonly device: NodeId };

export type HeaderOp = Header['op'];

/** The group a header's traffic belongs to, if any (for hub routing). */
export function groupOf(h: Header): GroupName | undefined {
  return 'group' in h ? h.group : undefined;
}

/** The serialized size of a header, counted on the wire with the payload. */
export function headerBytes(h: Header): number {
  return Buffer.byteLength(JSON.stringify(h));
}
