// The parts a message is made of (in the spirit of MIME multipart and draft-ietf-mimi-content's
// NestedPart): one basic text part every client renders, plus enhanced parts that need a capability.
import { describe, requireBytes, requireInteger, requireOneOf, requireRecord, requireString } from './check.ts';
import { mediaType, type MediaType } from './mediaType.ts';
import { messageId, type MessageId } from './messageId.ts';

export type RichTextFormat = 'markdown' | 'html';
/** When a disappearing-message timer starts (draft-ietf-mimi-content's Expiration is absolute or
 *  relative; messengers start the clock either at send or when the recipient first reads). */
export type ExpiryStart = 'send' | 'read';

/** The basic text part (text/plain): every client renders it. */
export interface TextPart { readonly kind: 'text'; readonly text: string }
/** Markdown (RFC 7763) or an HTML subset (see HTML_SUBSET_TAGS). */
export interface RichTextPart { readonly kind: 'rich-text'; readonly format: RichTextFormat; readonly source: string }
/** An image; its bytes are a deterministic filler of `byteSize` bytes on the wire. */
export interface ImagePart {
  readonly kind: 'image';
  readonly mediaType: MediaType;
  readonly width: number;
  readonly height: number;
  readonly byteSize: number;
}
export interface ReactionPart { readonly kind: 'reaction'; readonly emoji: string; readonly target: MessageId }
export interface ReplyPart { readonly kind: 'reply'; readonly target: MessageId; readonly text: string }
/** Replaces the text of an earlier message. */
export interface EditPart { readonly kind: 'edit'; readonly target: MessageId; readonly text: string }
/** Retracts an earlier message ("delete for everyone"). */
export interface DeletePart { readonly kind: 'delete'; readonly target: MessageId }
/** A disappearing-message timer. */
export interface ExpiryPart { readonly kind: 'expiry'; readonly seconds: number; readonly start: ExpiryStart }
/** Any other media type, e.g. a codec most clients do not know yet, or an app-specific payload. */
export interface CustomPart { readonly kind: 'custom'; readonly mediaType: MediaType; readonly data: Uint8Array }

export type Part = TextPart | RichTextPart | ImagePart | ReactionPart | ReplyPart | EditPart | DeletePart | ExpiryPart | CustomPart;
export type PartKind = Part['kind'];
/** Kinds whose support is a feature flag rather than a media type. */
export type SemanticKind = 'reaction' | 'reply' | 'edit' | 'delete' | 'expiry';

export const PART_KINDS: readonly PartKind[] = ['text', 'rich-text', 'image', 'reaction', 'reply', 'edit', 'delete', 'expiry', 'custom'];
export const SEMANTIC_KINDS: readonly SemanticKind[] = ['reaction', 'reply', 'edit', 'delete', 'expiry'];

export const MAX_TEXT_LENGTH = 65_536;
/** Largest image or custom payload, 64 MiB: bigger media go by reference in real messengers. */
export const MAX_MEDIA_BYTES = 64 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 65_535;
/** draft-ietf-mimi-content carries the expiry time as a uint32. */
export const MAX_EXPIRY_SECONDS = 0xffff_ffff;
export const MAX_EMOJI_LENGTH = 32;
export const HTML_SUBSET_TAGS: readonly string[] = ['a', 'b', 'blockquote', 'br', 'code', 'em', 'i', 'li', 'ol', 'p', 'pre', 's', 'strong', 'u', 'ul'];

const FIELDS: { readonly [K in PartKind]: readonly string[] } = {
  text: ['text'],
  'rich-text': ['format', 'source'],
  image: ['mediaType', 'width', 'height', 'byteSize'],
  reaction: ['emoji', 'target'],
  reply: ['target', 'text'],
  edit: ['target', 'text'],
  delete: ['target'],
  expiry: ['seconds', 'start'],
  custom: ['mediaType', 'data'],
};

function textField(value: unknown, field: string): string {
  const v = requireString(value, field);
  if (v.length > MAX_TEXT_LENGTH) throw new RangeError(`${field}: at most ${MAX_TEXT_LENGTH} characters, got ${v.length}`);
  return v;
}

function htmlSubset(source: string, field: string): string {
  for (const m of source.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)) {
    const tag = (m[1] ?? '').toLowerCase();
    if (!HTML_SUBSET_TAGS.includes(tag)) throw new RangeError(`${field}: tag <${tag}> is not in the HTML subset (${HTML_SUBSET_TAGS.join(', ')})`);
  }
  return source;
}

function emojiField(value: unknown, field: string): string {
  const v = requireString(value, field);
  if (v.length === 0) throw new RangeError(`${field}: empty`);
  if (v.length > MAX_EMOJI_LENGTH) throw new RangeError(`${field}: at most ${MAX_EMOJI_LENGTH} UTF-16 units, got ${v.length}`);
  if (/[\s\p{Cc}]/u.test(v)) throw new RangeError(`${field}: expected a single emoji without spaces or control characters, got ${describe(v)}`);
  return v;
}

/** Validates any value as a part (the boundary: decoded content, scenario files, tests). */
/** A sub-field's name in errors (a module function: a closure per call would be named per call by the loader). */
function sub(field: string, name: string): string {
  return `${field}.${name}`;
}

export function parsePart(value: unknown, field = 'part'): Part {
  const r = requireRecord(value, field);
  const kind = requireOneOf(r.kind, `${field}.kind`, PART_KINDS);
  const allowed = FIELDS[kind];
  for (const key of Object.keys(r)) {
    if (key !== 'kind' && !allowed.includes(key)) throw new RangeError(`${field}.${key}: unknown field for a ${kind} part`);
  }
  switch (kind) {
    case 'text':
      return { kind, text: textField(r.text, sub(field, 'text')) };
    case 'rich-text': {
      const format = requireOneOf(r.format, sub(field, 'format'), ['markdown', 'html'] as const);
      const source = textField(r.source, sub(field, 'source'));
      return { kind, format, source: format === 'html' ? htmlSubset(source, sub(field, 'source')) : source };
    }
    case 'image': {
      const type = mediaType(r.mediaType, sub(field, 'mediaType'));
      if (!type.startsWith('image/')) throw new RangeError(`${sub(field, 'mediaType')}: expected an image/* type, got ${describe(type)}`);
      return {
        kind,
        mediaType: type,
        width: requireInteger(r.width, sub(field, 'width'), 1, MAX_IMAGE_SIDE),
        height: requireInteger(r.height, sub(field, 'height'), 1, MAX_IMAGE_SIDE),
        byteSize: requireInteger(r.byteSize, sub(field, 'byteSize'), 1, MAX_MEDIA_BYTES),
      };
    }
    case 'reaction':
      return { kind, emoji: emojiField(r.emoji, sub(field, 'emoji')), target: messageId(r.target, sub(field, 'target')) };
    case 'reply':
    case 'edit':
      return { kind, target: messageId(r.target, sub(field, 'target')), text: textField(r.text, sub(field, 'text')) };
    case 'delete':
      return { kind, target: messageId(r.target, sub(field, 'target')) };
    case 'expiry':
      return {
        kind,
        seconds: requireInteger(r.seconds, sub(field, 'seconds'), 1, MAX_EXPIRY_SECONDS),
        start: requireOneOf(r.start, sub(field, 'start'), ['send', 'read'] as const),
      };
    case 'custom': {
      const data = requireBytes(r.data, sub(field, 'data'));
      if (data.length > MAX_MEDIA_BYTES) throw new RangeError(`${sub(field, 'data')}: at most ${MAX_MEDIA_BYTES} bytes, got ${data.length}`);
      return { kind, mediaType: mediaType(r.mediaType, sub(field, 'mediaType')), data: data.slice() };
    }
    default: {
      const never: never = kind;
      throw new Error(`unhandled part kind ${String(never)}`);
    }
  }
}

/** A basic text part (the checks and errors of parsePart's, without a record to parse). */
export const text = (s: string): TextPart => ({ kind: 'text', text: textField(s, 'text.text') });
export const richText = (format: RichTextFormat, source: string): RichTextPart =>
  parsePart({ kind: 'rich-text', format, source }, 'rich-text') as RichTextPart;
export const image = (i: { mediaType: string; width: number; height: number; byteSize: number }): ImagePart =>
  parsePart({ kind: 'image', mediaType: i.mediaType, width: i.width, height: i.height, byteSize: i.byteSize }, 'image') as ImagePart;
export const reaction = (emoji: string, target: string): ReactionPart => parsePart({ kind: 'reaction', emoji, target }, 'reaction') as ReactionPart;
export const reply = (target: string, s: string): ReplyPart => parsePart({ kind: 'reply', target, text: s }, 'reply') as ReplyPart;
export const edit = (target: string, s: string): EditPart => parsePart({ kind: 'edit', target, text: s }, 'edit') as EditPart;
export const deletion = (target: string): DeletePart => parsePart({ kind: 'delete', target }, 'delete') as DeletePart;
export const expiry = (seconds: number, start: ExpiryStart): ExpiryPart => parsePart({ kind: 'expiry', seconds, start }, 'expiry') as ExpiryPart;
export const custom = (type: string, data: Uint8Array): CustomPart => parsePart({ kind: 'custom', mediaType: type, data }, 'custom') as CustomPart;

/** Structural equality (byte-wise for custom payloads). */
export function samePart(a: Part, b: Part): boolean {
  if (a.kind !== b.kind) return false;
  for (const key of FIELDS[a.kind]) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (x instanceof Uint8Array && y instanceof Uint8Array) {
      if (x.length !== y.length || x.some((byte, i) => byte !== y[i])) return false;
    } else if (x !== y) return false;
  }
  return true;
}
