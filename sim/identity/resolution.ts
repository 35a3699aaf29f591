import type { ChoicePolicyKind } from './choicePolicy.ts';
import type { ProviderId } from './providerId.ts';

/** Where a resolved provider came from; a caller can charge or trace each source differently. */
export type ResolutionSource =
  | 'name' // the provider is part of the address (hierarchical, like e-mail)
  | 'home-directory' // the sender's own provider's subscriber table
  | 'account-directories' // the directories of every service the client holds an account on
  | 'shared-directory' // a shared, authoritative database (portability DB, gateway directory, MX-like service)
  | 'cache' // a cached answer of the shared directory
  | 'address-book'; // the user's own local mapping

export type UnresolvableReason =
  | 'not-registered' // no consulted source knows the identifier
  | 'not-on-home-provider' // a silo sees only its own users
  | 'no-account-at-provider'; // a multi-protocol client holds no account where the contact lives

export type Resolution =
  | { readonly kind: 'resolved'; readonly provider: ProviderId; readonly stale: boolean; readonly source: ResolutionSource }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly ProviderId[]; readonly policy: ChoicePolicyKind }
  | { readonly kind: 'unresolvable'; readonly reason: UnresolvableReason };
