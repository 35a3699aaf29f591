import type { ArrangementKind, Protocol } from './timelineSpec.ts';

/**
 * What carries a conversation, as the protocol level sees it: a cross-app arrangement speaking a
 * protocol, a provider's own (native) chats, or native chats that are not end-to-end encrypted.
 * The string form (`bridge-e2ee/signal`, `native/mls`, `native/cleartext`) keys traffic and measurements.
 */
export type Carrier =
  | { readonly kind: 'cross'; readonly arrangement: ArrangementKind; readonly protocol: Protocol }
  | { readonly kind: 'native'; readonly protocol: Protocol }
  | { readonly kind: 'native-cleartext' };

export function carrierKey(c: Carrier): string {
  switch (c.kind) {
    case 'cross':
      return `${c.arrangement}/${c.protocol}`;
    case 'native':
      return `native/${c.protocol}`;
    case 'native-cleartext':
      return 'native/cleartext';
    default: {
      const never: never = c;
      return never;
    }
  }
}

export function parseCarrierKey(key: string): Carrier {
  const [a, p] = key.split('/') as [string, string];
  if (a === 'native') return p === 'cleartext' ? { kind: 'native-cleartext' } : { kind: 'native', protocol: p as Protocol };
  return { kind: 'cross', arrangement: a as ArrangementKind, protocol: p as Protocol };
}

/** Assigns small integer ids to carriers in order of first use (typed-array friendly). */
export class CarrierIndex {
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();
  id(c: Carrier): number {
    const k = carrierKey(c);
    let i = this.ids.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(k);
      this.ids.set(k, i);
    }
    return i;
  }
}
