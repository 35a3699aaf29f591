import { parseHandle, parseLocalPart, type Handle, type LocalPart } from './handle.ts';
import { parseE164, type E164 } from './phoneNumber.ts';
import { providerId, type ProviderId } from './providerId.ts';
import { describe, requireString } from './quote.ts';

/**
 * What a sender types to reach someone. The three syntaxes are disjoint (a number starts with '+', an
 * address holds one '@', a handle neither), so the formatted string is also a canonical key.
 */
export type Identifier =
  | { readonly kind: 'hierarchical'; readonly user: LocalPart; readonly provider: ProviderId }
  | { readonly kind: 'phone'; readonly number: E164 }
  | { readonly kind: 'handle'; readonly handle: Handle };

export type IdentifierKind = Identifier['kind'];

export const hierarchical = (user: string, provider: string): Identifier => ({
  kind: 'hierarchical',
  user: parseLocalPart(user),
  provider: providerId(provider),
});
export const phone = (number: string): Identifier => ({ kind: 'phone', number: parseE164(number) });
export const handle = (h: string): Identifier => ({ kind: 'handle', handle: parseHandle(h) });

/** `alice@provA` (hierarchical), `+4915112345678` (phone) or `alice` (handle). */
export function parseIdentifier(s: unknown): Identifier {
  const v = requireString(s, 'identifier');
  if (v.length === 0) throw new RangeError('identifier: empty');
  if (v.startsWith('+')) return phone(v);
  const at = v.indexOf('@');
  if (at < 0) return handle(v);
  if (v.indexOf('@', at + 1) >= 0) throw new RangeError(`address: expected exactly one '@', got ${describe(v)}`);
  return hierarchical(v.slice(0, at), v.slice(at + 1));
}

export function formatIdentifier(id: Identifier): string {
  switch (id.kind) {
    case 'hierarchical':
      return `${id.user}@${id.provider}`;
    case 'phone':
      return id.number;
    case 'handle':
      return id.handle;
    default: {
      const never: never = id;
      throw new Error(`unknown identifier ${JSON.stringify(never)}`);
    }
  }
}

export const sameIdentifier = (a: Identifier, b: Identifier): boolean => formatIdentifier(a) === formatIdentifier(b);
