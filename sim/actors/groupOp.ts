import type { NodeId } from '../core/index.ts';
import type { GroupName, UserId } from './protocol.ts';

/** Someone to add: an exact account, or an identifier (number, handle) the servers must resolve. */
export interface Contact {
  readonly user: UserId;
  readonly identifier?: string;
}

/** A membership change a device wants to commit; retried if its commit loses the race for an epoch. */
export type GroupOp =
  /** `negotiated`: the suite and invitees already follow capability discovery (sim/actors/content). */
  | {
      readonly kind: 'create';
      readonly ciphersuite: number;
      readonly invitees: readonly Contact[];
      readonly negotiated?: true;
      /** The group a committed ReInit (RFC 9420 §11.2) suspended: this one is its new group, made with a resumption PSK. */
      readonly resumeFrom?: GroupName;
    }
  | { readonly kind: 'add'; readonly users: readonly Contact[] }
  | { readonly kind: 'remove'; readonly devices: readonly NodeId[] }
  /** An empty commit with a path: fresh keys for post-compromise security (RFC 9420 §12.4). */
  | { readonly kind: 'update' }
  /** A commit of the proposals pending in the epoch (an external sender's Remove, RFC 9420 §12.1.8.1), by reference. */
  | { readonly kind: 'apply-proposals' }
  /** A device that lost its state rejoins by external commit with resync (RFC 9420 §12.4.3.2): its old leaf goes. */
  | { readonly kind: 'rejoin' }
  /** A ReInit (RFC 9420 §11.2) alone in its commit: the group moves to `successor` in `ciphersuite`. */
  | { readonly kind: 'reinit'; readonly ciphersuite: number; readonly successor: GroupName };
