import type { NodeId } from '../core/index.ts';
import type { UserId } from './protocol.ts';

/** A membership change a device wants to commit; retried if its commit loses the race for an epoch. */
export type GroupOp =
  | { readonly kind: 'create'; readonly ciphersuite: number; readonly invitees: readonly UserId[] }
  | { readonly kind: 'add'; readonly users: readonly UserId[] }
  | { readonly kind: 'remove'; readonly devices: readonly NodeId[] }
  /** An empty commit with a path: fresh keys for post-compromise security (RFC 9420 §12.4). */
  | { readonly kind: 'update' };
