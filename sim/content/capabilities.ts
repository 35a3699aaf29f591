import { describe, requireArray, requireBoolean, requireInteger, requireOneOf, requireRecord } from './check.ts';
import { HTML, MARKDOWN, mediaType, type MediaType } from './mediaType.ts';
import { SEMANTIC_KINDS, type Part, type SemanticKind } from './part.ts';

/**
 * What one client can do. Content support is by media type (rich text is text/markdown or text/html,
 * images and custom parts by their own type) and by semantic part kind; the basic text part needs
 * nothing. `extensions` and `ciphersuites` are the MLS ones (RFC 9420 §7.2 leaf-node capabilities),
 * `ciphersuites` in the client's order of preference.
 */
export interface ClientCapabilities {
  /** Sorted, no duplicates. */
  readonly mediaTypes: readonly MediaType[];
  /** Sorted (in SEMANTIC_KINDS order), no duplicates. */
  readonly partKinds: readonly SemanticKind[];
  /** MLS extension types (uint16), sorted, no duplicates. */
  readonly extensions: readonly number[];
  /** MLS ciphersuite ids (uint16), most preferred first, no duplicates. */
  readonly ciphersuites: readonly number[];
  /** Deletes disappearing messages when their timer runs out (needs 'expiry' in partKinds). */
  readonly honorsExpiry: boolean;
}

export type ContentCapabilities = Pick<ClientCapabilities, 'mediaTypes' | 'partKinds' | 'honorsExpiry'>;

function noDuplicates<T>(items: readonly T[], field: string): void {
  const seen = new Set<T>();
  items.forEach((x, i) => {
    if (seen.has(x)) throw new RangeError(`${field}[${i}]: duplicate ${describe(x)}`);
    seen.add(x);
  });
}

/** Validates the content half (media types, part kinds, expiry compliance); lists come back sorted. */
export function parseContentCapabilities(value: unknown, field = 'capabilities'): ContentCapabilities {
  const r = requireRecord(value, field);
  const mediaTypes = requireArray(r.mediaTypes, `${field}.mediaTypes`).map((m, i) => mediaType(m, `${field}.mediaTypes[${i}]`));
  noDuplicates(mediaTypes, `${field}.mediaTypes`);
  const partKinds = requireArray(r.partKinds, `${field}.partKinds`).map((k, i) => requireOneOf(k, `${field}.partKinds[${i}]`, SEMANTIC_KINDS));
  noDuplicates(partKinds, `${field}.partKinds`);
  const honorsExpiry = requireBoolean(r.honorsExpiry, `${field}.honorsExpiry`);
  if (honorsExpiry && !partKinds.includes('expiry')) throw new RangeError(`${field}.honorsExpiry: true needs 'expiry' in partKinds`);
  return {
    mediaTypes: [...mediaTypes].sort(),
    partKinds: SEMANTIC_KINDS.filter((k) => partKinds.includes(k)),
    honorsExpiry,
  };
}

/** Validates a whole capability value at the boundary. */
export function clientCapabilities(value: unknown, field = 'capabilities'): ClientCapabilities {
  const r = requireRecord(value, field);
  const allowed = ['mediaTypes', 'partKinds', 'extensions', 'ciphersuites', 'honorsExpiry'];
  for (const key of Object.keys(r)) if (!allowed.includes(key)) throw new RangeError(`${field}.${key}: unknown field`);
  const content = parseContentCapabilities(r, field);
  const extensions = requireArray(r.extensions, `${field}.extensions`).map((x, i) => requireInteger(x, `${field}.extensions[${i}]`, 0, 0xffff));
  noDuplicates(extensions, `${field}.extensions`);
  const ciphersuites = requireArray(r.ciphersuites, `${field}.ciphersuites`).map((x, i) => requireInteger(x, `${field}.ciphersuites[${i}]`, 1, 0xffff));
  noDuplicates(ciphersuites, `${field}.ciphersuites`);
  if (ciphersuites.length === 0) throw new RangeError(`${field}.ciphersuites: empty`);
  return { ...content, extensions: [...extensions].sort((a, b) => a - b), ciphersuites };
}

/** Whether a client with these capabilities renders the part natively. */
export function supports(caps: ContentCapabilities, p: Part): boolean {
  switch (p.kind) {
    case 'text':
      return true;
    case 'rich-text':
      return caps.mediaTypes.includes(p.format === 'markdown' ? MARKDOWN : HTML);
    case 'image':
    case 'custom':
      return caps.mediaTypes.includes(p.mediaType);
    case 'reaction':
    case 'reply':
    case 'edit':
    case 'delete':
    case 'expiry':
      return caps.partKinds.includes(p.kind);
    default: {
      const never: never = p;
      throw new Error(`unhandled part ${JSON.stringify(never)}`);
    }
  }
}
