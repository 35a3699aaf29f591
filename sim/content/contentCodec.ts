// The message inside the MLS application message: deterministic CBOR (RFC 8949 §4.2.1) with small
// integer keys, so the ciphertext size reflects the content. See README.md "Wire format".
import { decodeCbor } from './cborDecode.ts';
import { encodeCbor } from './cborEncode.ts';
import type { CborKey, CborMap, CborValue } from './cborValue.ts';
import { describe } from './check.ts';
import { DecodeError } from './decodeError.ts';
import { fillerBytes } from './filler.ts';
import { parseMessage, type Message } from './message.ts';
import type { Part, PartKind } from './part.ts';

export const CONTENT_FORMAT_VERSION = 1;
const MESSAGE_KEYS = { version: 0, id: 1, parts: 2 } as const;
const KIND_KEY = 0;

type FieldType = 'text' | 'uint' | 'bytes' | 'filler' | readonly string[];
interface Field {
  readonly key: number;
  readonly name: string;
  readonly type: FieldType;
}
interface KindSpec {
  readonly code: number;
  readonly fields: readonly Field[];
}

/** Part kind codes and field keys. Enumerated strings travel as their index in the list. */
export const PART_WIRE: { readonly [K in PartKind]: KindSpec } = {
  text: { code: 0, fields: [{ key: 1, name: 'text', type: 'text' }] },
  'rich-text': { code: 1, fields: [{ key: 1, name: 'format', type: ['markdown', 'html'] }, { key: 2, name: 'source', type: 'text' }] },
  image: {
    code: 2,
    fields: [
      { key: 1, name: 'mediaType', type: 'text' },
      { key: 2, name: 'width', type: 'uint' },
      { key: 3, name: 'height', type: 'uint' },
      // The payload itself; its length is the byteSize.
      { key: 4, name: 'byteSize', type: 'filler' },
    ],
  },
  reaction: { code: 3, fields: [{ key: 1, name: 'target', type: 'text' }, { key: 2, name: 'emoji', type: 'text' }] },
  reply: { code: 4, fields: [{ key: 1, name: 'target', type: 'text' }, { key: 2, name: 'text', type: 'text' }] },
  edit: { code: 5, fields: [{ key: 1, name: 'target', type: 'text' }, { key: 2, name: 'text', type: 'text' }] },
  delete: { code: 6, fields: [{ key: 1, name: 'target', type: 'text' }] },
  expiry: { code: 7, fields: [{ key: 1, name: 'seconds', type: 'uint' }, { key: 2, name: 'start', type: ['send', 'read'] }] },
  custom: { code: 8, fields: [{ key: 1, name: 'mediaType', type: 'text' }, { key: 2, name: 'data', type: 'bytes' }] },
};
const KIND_BY_CODE = new Map<number, PartKind>(Object.entries(PART_WIRE).map(([kind, spec]) => [spec.code, kind as PartKind]));

function partToCbor(p: Part): CborMap {
  const spec = PART_WIRE[p.kind];
  const m = new Map<CborKey, CborValue>([[KIND_KEY, spec.code]]);
  const fields = p as unknown as Readonly<Record<string, unknown>>;
  for (const f of spec.fields) {
    const v = fields[f.name];
    if (f.type === 'filler') m.set(f.key, fillerBytes(v as number));
    else if (Array.isArray(f.type)) m.set(f.key, f.type.indexOf(v as string));
    else m.set(f.key, v as CborValue);
  }
  return m;
}

/** The deterministic CBOR bytes of a (validated) message: the plaintext of the MLS application message. */
export function encodeMessage(m: Message): Uint8Array {
  return encodeCbor(
    new Map<CborKey, CborValue>([
      [MESSAGE_KEYS.version, CONTENT_FORMAT_VERSION],
      [MESSAGE_KEYS.id, m.id],
      [MESSAGE_KEYS.parts, m.parts.map(partToCbor)],
    ]),
  );
}

function asMap(v: CborValue, field: string): CborMap {
  if (!(v instanceof Map)) throw new DecodeError(`content: ${field}: expected a map, got ${describe(v)}`);
  return v;
}

function requireKeys(m: CborMap, keys: readonly number[], field: string): void {
  for (const k of m.keys()) if (typeof k !== 'number' || !keys.includes(k)) throw new DecodeError(`content: ${field}: unknown key ${describe(k)}`);
  for (const k of keys) if (!m.has(k)) throw new DecodeError(`content: ${field}: missing key ${k}`);
}

function fieldFromCbor(f: Field, v: CborValue, at: string): unknown {
  const expect = (ok: boolean, what: string): void => {
    if (!ok) throw new DecodeError(`content: ${at}: expected ${what}, got ${describe(v)}`);
  };
  if (f.type === 'text') expect(typeof v === 'string', 'a text string');
  else if (f.type === 'uint') expect(typeof v === 'number' && v >= 0, 'an unsigned integer below 2^53');
  else if (f.type === 'bytes' || f.type === 'filler') expect(v instanceof Uint8Array, 'a byte string');
  else {
    expect(typeof v === 'number' && v >= 0 && v < f.type.length, `0..${f.type.length - 1} (${f.type.join(', ')})`);
    return f.type[v as number];
  }
  return f.type === 'filler' ? (v as Uint8Array).length : v;
}

function partFromCbor(v: CborValue, field: string): Record<string, unknown> {
  const m = asMap(v, field);
  const code = m.get(KIND_KEY);
  const kind = typeof code === 'number' ? KIND_BY_CODE.get(code) : undefined;
  if (kind === undefined) throw new DecodeError(`content: ${field}: unknown part kind code ${describe(code)}`);
  const spec = PART_WIRE[kind];
  requireKeys(m, [KIND_KEY, ...spec.fields.map((f) => f.key)], `${field} (${kind})`);
  const out: Record<string, unknown> = { kind };
  for (const f of spec.fields) out[f.name] = fieldFromCbor(f, m.get(f.key) as CborValue, `${field}.${f.name} (key ${f.key})`);
  return out;
}

/** Decodes and validates a message. Anything wrong, at any layer, is a one-line DecodeError. */
export function decodeMessage(bytes: Uint8Array): Message {
  const root = asMap(decodeCbor(bytes), 'message');
  requireKeys(root, Object.values(MESSAGE_KEYS), 'message');
  const version = root.get(MESSAGE_KEYS.version);
  if (version !== CONTENT_FORMAT_VERSION) throw new DecodeError(`content: message.version: expected ${CONTENT_FORMAT_VERSION}, got ${describe(version)}`);
  const parts = root.get(MESSAGE_KEYS.parts);
  if (!Array.isArray(parts)) throw new DecodeError(`content: message.parts: expected an array, got ${describe(parts)}`);
  const raw = { id: root.get(MESSAGE_KEYS.id), parts: (parts as readonly CborValue[]).map((p, i) => partFromCbor(p, `message.parts[${i}]`)) };
  try {
    return parseMessage(raw);
  } catch (e) {
    // The same validation as at construction; on the wire it is a decoding failure.
    if (e instanceof TypeError || e instanceof RangeError) throw new DecodeError(`content: ${e.message}`);
    throw e;
  }
}
