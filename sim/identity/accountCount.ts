import type { ProviderId } from './providerId.ts';
import { describe } from './quote.ts';

/** The interop architectures as far as accounts go (the interop layer maps its strategies onto these). */
export type ArchitectureStyle = 'silo' | 'client-api' | 'bridged' | 'federated' | 'hub';

const STYLES: readonly ArchitectureStyle[] = ['silo', 'client-api', 'bridged', 'federated', 'hub'];

export interface Contact<U extends string = string> {
  readonly user: U;
  readonly home: ProviderId;
}

export interface ContactEntry<U extends string = string> {
  readonly home: ProviderId;
  readonly contacts: readonly Contact<U>[];
}

export type ContactGraph<U extends string = string> = ReadonlyMap<U, ContactEntry<U>>;

export interface AccountNeed {
  /** Accounts the user must hold: the home first, then the rest in id order. */
  readonly providers: readonly ProviderId[];
  readonly accounts: number;
  /** Apps the user must install and keep running. */
  readonly apps: number;
}

function reachedProviders(entry: ContactEntry): ProviderId[] {
  const others = new Set<ProviderId>(entry.contacts.map((c) => c.home));
  others.delete(entry.home);
  return [entry.home, ...[...others].sort()];
}

/**
 * The user-side cost that the DMA interop obligation aims to remove: without interop, one account and
 * one app per provider among one's contacts; a client API saves the apps but not the accounts;
 * bridges, federation and hubs need only the home account.
 */
export function accountsNeeded<U extends string>(graph: ContactGraph<U>, style: ArchitectureStyle): Map<U, AccountNeed> {
  if (!STYLES.includes(style)) throw new RangeError(`style: expected one of ${STYLES.join(', ')}, got ${describe(style)}`);
  const out = new Map<U, AccountNeed>();
  for (const [user, entry] of graph) {
    const all = reachedProviders(entry);
    switch (style) {
      case 'silo':
        out.set(user, { providers: all, accounts: all.length, apps: all.length });
        break;
      case 'client-api':
        out.set(user, { providers: all, accounts: all.length, apps: 1 });
        break;
      case 'bridged':
      case 'federated':
      case 'hub':
        out.set(user, { providers: [entry.home], accounts: 1, apps: 1 });
        break;
      default: {
        const never: never = style;
        throw new Error(`unknown style ${String(never)}`);
      }
    }
  }
  return out;
}

export function totalAccounts(needs: ReadonlyMap<string, AccountNeed>): { readonly accounts: number; readonly apps: number } {
  let accounts = 0;
  let apps = 0;
  for (const n of needs.values()) {
    accounts += n.accounts;
    apps += n.apps;
  }
  return { accounts, apps };
}
