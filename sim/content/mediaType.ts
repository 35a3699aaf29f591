import { describe, requireString } from './check.ts';

/** A media type `type/subtype` (RFC 6838 §4.2 restricted names), lowercase, without parameters. */
export type MediaType = string & { readonly __brand: 'MediaType' };

// RFC 6838 §4.2: restricted-name = first char ALPHA / DIGIT, then up to 126 of ALPHA / DIGIT / !#$&-^_.+
// Media types compare case-insensitively; requiring lowercase keeps one spelling, so one encoding.
const NAME = '[a-z0-9][a-z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^${NAME}/${NAME}$`);

export function mediaType(value: unknown, field = 'mediaType'): MediaType {
  const v = requireString(value, field);
  if (!MEDIA_TYPE.test(v)) throw new RangeError(`${field}: expected a lowercase type/subtype such as "image/png", got ${describe(v)}`);
  return v as MediaType;
}

/** The media types of the two rich-text formats (RFC 7763 for markdown). */
export const MARKDOWN = 'text/markdown' as MediaType;
export const HTML = 'text/html' as MediaType;
