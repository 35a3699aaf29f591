import { describe } from './quote.ts';
import type { ProviderId } from './providerId.ts';

/**
 * How to pick among several providers that hold the same phone number at once (a user registered with
 * two messengers under one SIM). `ask-user` leaves the ambiguity to the sender, as the DMA interop
 * reference offers suggest ("choose the app to reach this contact").
 */
export type NumberChoicePolicy =
  | { readonly kind: 'first-registered' }
  | { readonly kind: 'last-registered' }
  | { readonly kind: 'preferred-provider-list'; readonly order: readonly ProviderId[] }
  | { readonly kind: 'ask-user' };

/** How to treat an unqualified handle that several providers have issued. */
export type HandlePolicy =
  | { readonly kind: 'reject' }
  | { readonly kind: 'first-registered' }
  | { readonly kind: 'same-provider-as-sender' };

export type ChoicePolicy = NumberChoicePolicy | HandlePolicy;
export type ChoicePolicyKind = ChoicePolicy['kind'];

const NUMBER_KINDS = ['first-registered', 'last-registered', 'preferred-provider-list', 'ask-user'];
const HANDLE_KINDS = ['reject', 'first-registered', 'same-provider-as-sender'];

function requireKind(p: unknown, field: string, kinds: readonly string[]): void {
  if (typeof p !== 'object' || p === null) throw new TypeError(`${field}: expected an object with a kind, got ${describe(p)}`);
  const kind = (p as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !kinds.includes(kind)) {
    throw new RangeError(`${field}.kind: expected one of ${kinds.join(', ')}, got ${describe(kind)}`);
  }
}

export function numberChoicePolicy(p: unknown): NumberChoicePolicy {
  requireKind(p, 'number choice policy', NUMBER_KINDS);
  const policy = p as NumberChoicePolicy;
  if (policy.kind === 'preferred-provider-list' && !Array.isArray(policy.order)) {
    throw new TypeError(`number choice policy.order: expected an array of providers, got ${describe(policy.order)}`);
  }
  return policy;
}

export function handlePolicy(p: unknown): HandlePolicy {
  requireKind(p, 'handle policy', HANDLE_KINDS);
  return p as HandlePolicy;
}
