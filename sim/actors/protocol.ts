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

/**
 * The serialized size of a header, counted on the wire with the payload: the UTF-8 length of
 * `JSON.stringify(h)`, counted without building the string (every envelope's header is sized).
 */
export function headerBytes(h: Header): number {
  return jsonBytes(h);
}

/**
 * UTF-8 bytes of `JSON.stringify(v)` for the plain data a header holds (objects, arrays, strings, finite
 * or non-finite numbers, booleans, null; undefined members left out, undefined items as null), the
 * same count as `Buffer.byteLength(JSON.stringify(v))` (test/actors/protocol.test.ts compares them).
 */
export function jsonBytes(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return jsonStringBytes(v);
    case 'number':
      return numberBytes(v);
    case 'boolean':
      return v ? 4 : 5;
    case 'object': {
      if (v === null) return 4;
      if (Array.isArray(v)) return Object.isFrozen(v) ? frozenArrayBytes(v) : arrayBytes(v);
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return Buffer.byteLength(JSON.stringify(v));
      let n = 2;
      let members = 0;
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        n += jsonStringBytes(key) + 1 + jsonBytes(item);
        members++;
      }
      return members > 1 ? n + members - 1 : n;
    }
    default:
      return Buffer.byteLength(JSON.stringify(v) ?? '');
  }
}

function arrayBytes(v: readonly unknown[]): number {
  let n = v.length > 0 ? v.length + 1 : 2; // brackets and commas
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    n += item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 4 : jsonBytes(item);
  }
  return n;
}

/**
 * A frozen list of strings cannot change, so its size is remembered: a group's recipient list is
 * frozen and shared by every header of its epoch (sim/actors/conversation/mls), and each is sized at
 * the sender and again at its provider's fan-out. Other frozen arrays are sized every time.
 */
function frozenArrayBytes(v: readonly unknown[]): number {
  let n = frozenSizes.get(v);
  if (n !== undefined) return n;
  n = arrayBytes(v);
  if (v.every(isString)) frozenSizes.set(v, n);
  return n;
}

const frozenSizes = new WeakMap<readonly unknown[], number>();
const isString = (x: unknown): boolean => typeof x === 'string';

function numberBytes(x: number): number {
  if (!Number.isFinite(x)) return 4; // null
  if (Number.isSafeInteger(x) && x >= 0) {
    let n = 1;
    for (let r = x; r >= 10; r = Math.floor(r / 10)) n++;
    return n;
  }
  return String(x).length;
}

/** Bytes of a string as JSON writes it: quoted, `"` and `\` and control characters escaped, lone surrogates as \uXXXX, the rest UTF-8. */
function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20) n += c === 0x22 || c === 0x5c ? 2 : 1;
      else n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    } else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}
