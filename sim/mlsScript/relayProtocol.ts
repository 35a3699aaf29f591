// What actor nodes and the delivery service (DS) say to each other. Every MLS message of a script
// travels actor -> DS -> actor as real bytes; the header is the DS's routing information (which
// action, what item, which recipients), the part of a real DS API the MLS bytes do not carry.
import type { PayloadKind } from '../trace/index.ts';

/** What an envelope carries, in MLS terms. */
export type Item = 'key-package' | 'proposal' | 'commit' | 'welcome' | 'group-info' | 'application' | 'ratchet-tree';

/** Actor -> DS. */
export type ToDs =
  /** Store the item under (step, item) and forward it to `to`; with `ack`, tell the sender it was accepted (RFC 9420 §14). */
  | { readonly op: 'post'; readonly step: number; readonly item: Item; readonly to: readonly string[]; readonly ack: boolean }
  /** Send me the item stored by action `source` (a key package, a ciphertext, a commit, a Welcome). */
  | { readonly op: 'fetch'; readonly step: number; readonly item: Item; readonly source: number };

/** DS -> actor. */
export type ToActor =
  | { readonly op: 'deliver'; readonly step: number; readonly item: Item; readonly source: number; readonly origin: string }
  /** The DS accepted the commit the actor posted at `step`: the actor may adopt its staged epoch. */
  | { readonly op: 'accepted'; readonly step: number };

/** A ratchet tree delivered out of band is group information, as a GroupInfo is. */
export const payloadKind = (item: Item): PayloadKind => (item === 'ratchet-tree' ? 'group-info' : item);

/** Control messages are real bytes too: a small request line, counted on the wire. */
export const controlBytes = (line: string): Uint8Array => new TextEncoder().encode(line);

/** Where the DS keeps what action `step` posted of `item` (several entries when several actors posted). */
export const storeKey = (step: number, item: Item): string => `${step}/${item}`;

/** A message the DS is about to forward, for test hooks that tamper with bytes in transit. */
export interface RelayedMessage {
  readonly script: string;
  /** The action that caused the forwarding. */
  readonly step: number;
  /** The action that produced the item (differs from `step` for fetched items). */
  readonly source: number;
  readonly item: Item;
  readonly from: string;
  readonly to: string;
  readonly payload: Uint8Array;
}

/** Returns replacement bytes to forward instead, or undefined to forward the original. */
export type Tamper = (message: RelayedMessage) => Uint8Array | undefined;
