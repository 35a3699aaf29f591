import type { SimTime } from '../core/index.ts';
import { byRegistration, type Candidate } from './candidate.ts';
import type { Handle } from './handle.ts';
import { PersistentMap } from './persistentMap.ts';
import type { ProviderId } from './providerId.ts';
import { activeAt, addRegistration, endRegistration, type Registration } from './registration.ts';

/**
 * Which providers have issued each unqualified handle. Each provider keeps its own handles unique, but
 * nothing coordinates them across providers; that gap is what MIMI's identifier discussions warn about.
 */
export interface HandleRegistry {
  readonly records: PersistentMap<Handle, readonly Registration[]>;
}

export const emptyHandleRegistry = (): HandleRegistry => ({ records: PersistentMap.empty() });

export function registerHandle(reg: HandleRegistry, h: Handle, provider: ProviderId, at: SimTime): HandleRegistry {
  return { records: reg.records.set(h, addRegistration('registerHandle', h, reg.records.get(h) ?? [], provider, at)) };
}

export function releaseHandle(reg: HandleRegistry, h: Handle, provider: ProviderId, at: SimTime): HandleRegistry {
  return { records: reg.records.set(h, endRegistration('releaseHandle', h, reg.records.get(h) ?? [], provider, at)) };
}

/** Ground truth: every provider that holds the handle at `at`, oldest registration first. */
export function handleOwners(reg: HandleRegistry, h: Handle, at: SimTime): Candidate[] {
  return (reg.records.get(h) ?? [])
    .filter((r) => activeAt(r, at))
    .map((r) => ({ provider: r.provider, registeredAt: r.from, stale: false }))
    .sort(byRegistration);
}

export type HandleMatch =
  | { readonly kind: 'unique'; readonly provider: ProviderId }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly ProviderId[] }
  | { readonly kind: 'unresolvable' };

/** The raw collision picture, before any policy. */
export function matchHandle(reg: HandleRegistry, h: Handle, at: SimTime): HandleMatch {
  const owners = handleOwners(reg, h, at);
  const only = owners[0];
  if (only === undefined) return { kind: 'unresolvable' };
  if (owners.length === 1) return { kind: 'unique', provider: only.provider };
  return { kind: 'ambiguous', candidates: owners.map((c) => c.provider) };
}
