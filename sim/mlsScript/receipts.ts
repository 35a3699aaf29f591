import type { Item } from './relayProtocol.ts';

/**
 * What happened to an item at a recipient, recorded when the envelope arrives and the actor has
 * processed it. The action that sent it reads the receipts of its step once the network is quiet.
 */
export type Receipt =
  /** A proposal or commit processed, a Welcome joined, or (at the committer) an accepted commit adopted. */
  | { readonly kind: 'applied'; readonly step: number; readonly actor: string; readonly item: Item; readonly removedSelf: boolean }
  /** A key package or GroupInfo put in the actor's inbox for its next operation. */
  | { readonly kind: 'stored'; readonly step: number; readonly actor: string; readonly item: Item; readonly source: number }
  | {
      readonly kind: 'decrypted';
      readonly step: number;
      readonly actor: string;
      readonly item: Item;
      readonly plaintext: Uint8Array;
      readonly authenticatedData: Uint8Array;
    }
  /**
   * The engine refused it; `reason` is an engine RejectReason, or `no-state` (the actor has no group),
   * `no-key-package` (nothing to join with), `not-stored` (the DS had nothing to hand out).
   */
  | { readonly kind: 'rejected'; readonly step: number; readonly actor: string; readonly item: Item; readonly reason: string; readonly detail: string }
  /** Lost on the way from `from` to `actor` (either may be `the DS`). */
  | { readonly kind: 'dropped'; readonly step: number; readonly actor: string; readonly from: string; readonly item: Item; readonly reason: string };
