// The message inside the MLS application message: deterministic CBOR (RFC 8949 §4.2.1) with small
// integer keys, so the ciphertext size reflects the content. See README.md "Wire format".
import { decodeCbor } from './cborDecode.ts';
import { CborWriter, encodeCbor } from './cborEncode.ts';
import type { CborKey, CborMap, CborValue } from './cborValue.ts';
import { describe, isWellFormed } from './check.ts';
import { DecodeError } from './decodeError.ts';
import { fillerBytes } from './filler.ts';
import { parseMessage, type Message } from './message.ts';
import type { Part, PartKind } from './part.ts';

export const CONTENT_FORMAT_VERSION = 1;
const MESSAGE_KEYS = { version: 0, id: 1, parts: 2 } as const;
const KIND_KEY = 0;
const ROOT_KEYS: readonly number[] = Object.values(MESSAGE_KEYS);

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

/** The CBOR data model of a message, as the generic encoder takes it. */
export function messageToCbor(m: Message): CborMap {
  return new Map<CborKey, CborValue>([
    [MESSAGE_KEYS.version, CONTENT_FORMAT_VERSION],
    [MESSAGE_KEYS.id, m.id],
    [MESSAGE_KEYS.parts, m.parts.map(partToCbor)],
  ]);
}

/** The deterministic CBOR bytes of a (validated) message: the plaintext of the MLS application message. */
export function encodeMessage(m: Message): Uint8Array {
  // Written straight into the output (one message per send; no maps, no sorting): every key is an
  // integer below 24, one byte, so ascending keys are the deterministic order. Anything a validated
  // message does not hold goes the generic way, which gives the same bytes or the same error.
  return writeMessage(m) ?? encodeCbor(messageToCbor(m));
}

function writeMessage(m: Message): Uint8Array | undefined {
  const { id, parts } = m;
  if (typeof id !== 'string' || !isWellFormed(id) || !Array.isArray(parts)) return undefined;
  const w = new CborWriter(SCRATCH);
  w.head(5, 3);
  w.byte(MESSAGE_KEYS.version);
  w.head(0, CONTENT_FORMAT_VERSION);
  w.byte(MESSAGE_KEYS.id);
  w.text(id);
  w.byte(MESSAGE_KEYS.parts);
  w.head(4, parts.length);
  for (const p of parts) if (!writePart(w, p)) return undefined;
  return w.result();
}

/** The buffer messages are written into before their bytes are copied out (encodeMessage runs to completion, never nested). */
const SCRATCH = new Uint8Array(64 * 1024);

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** One part as partToCbor's map would encode; false for anything it would not hold as expected. */
function writePart(w: CborWriter, p: Part): boolean {
  const spec = PART_WIRE[p.kind] as KindSpec | undefined;
  if (spec === undefined) return false;
  const fields = p as unknown as Readonly<Record<string, unknown>>;
  w.head(5, spec.fields.length + 1);
  w.byte(KIND_KEY);
  w.head(0, spec.code);
  for (const f of spec.fields) {
    const v = fields[f.name];
    w.byte(f.key);
    if (f.type === 'text') {
      if (typeof v !== 'string' || !isWellFormed(v)) return false;
      w.text(v);
    } else if (f.type === 'uint') {
      if (!isUint(v)) return false;
      w.head(0, v);
    } else if (f.type === 'filler') {
      if (!isUint(v)) return false;
      w.head(2, v);
      w.bytes(fillerBytes(v));
    } else if (f.type === 'bytes') {
      if (!(v instanceof Uint8Array)) return false;
      w.head(2, v.length);
      w.bytes(v);
    } else {
      const i = f.type.indexOf(v as string);
      if (i < 0) return false;
      w.head(0, i);
    }
  }
  return true;
}

function asMap(v: CborValue, field: string): CborMap {
  if (!(v instanceof Map)) throw new DecodeError(`content: ${field}: expected a map, got ${describe(v)}`);
  return v;
}

/** What is wrong with a map's keys (one outside `keys`, or one of `keys` missing), or undefined: messages are built only on error. */
function keyProblem(m: CborMap, keys: readonly number[]): string | undefined {
  for (const k of m.keys()) if (typeof k !== 'number' || !keys.includes(k)) return `unknown key ${describe(k)}`;
  for (const k of keys) if (!m.has(k)) return `missing key ${k}`;
  return undefined;
}

function requireKeys(m: CborMap, keys: readonly number[], field: string): void {
  const problem = keyProblem(m, keys);
  if (problem !== undefined) throw new DecodeError(`content: ${field}: ${problem}`);
}

/** Each part kind's keys: the kind key, then its fields'. */
const PART_KEYS = new Map<PartKind, readonly number[]>(Object.entries(PART_WIRE).map(([kind, spec]) => [kind as PartKind, [KIND_KEY, ...spec.fields.map((f) => f.key)]]));

const BAD = Symbol('bad field');

/** A field's value from its CBOR item, or BAD when the item is not of the field's type. */
function fieldFromCbor(f: Field, v: CborValue): unknown {
  if (f.type === 'text') return typeof v === 'string' ? v : BAD;
  if (f.type === 'uint') return typeof v === 'number' && v >= 0 ? v : BAD;
  if (f.type === 'bytes') return v instanceof Uint8Array ? v : BAD;
  if (f.type === 'filler') return v instanceof Uint8Array ? v.length : BAD;
  return typeof v === 'number' && v >= 0 && v < f.type.length ? f.type[v] : BAD;
}

function expected(f: Field): string {
  if (f.type === 'text') return 'a text string';
  if (f.type === 'uint') return 'an unsigned integer below 2^53';
  if (f.type === 'bytes' || f.type === 'filler') return 'a byte string';
  return `0..${f.type.length - 1} (${f.type.join(', ')})`;
}

/** Part `i` of a message (`message.parts[i]` in errors, built only when one is thrown). */
function partFromCbor(v: CborValue, i: number): Record<string, unknown> {
  if (!(v instanceof Map)) throw new DecodeError(`content: message.parts[${i}]: expected a map, got ${describe(v)}`);
  const m = v as CborMap;
  const code = m.get(KIND_KEY);
  const kind = typeof code === 'number' ? KIND_BY_CODE.get(code) : undefined;
  if (kind === undefined) throw new DecodeError(`content: message.parts[${i}]: unknown part kind code ${describe(code)}`);
  const spec = PART_WIRE[kind];
  const problem = keyProblem(m, PART_KEYS.get(kind)!);
  if (problem !== undefined) throw new DecodeError(`content: message.parts[${i}] (${kind}): ${problem}`);
  const out: Record<string, unknown> = { kind };
  for (const f of spec.fields) {
    const item = m.get(f.key) as CborValue;
    const x = fieldFromCbor(f, item);
    if (x === BAD) throw new DecodeError(`content: message.parts[${i}].${f.name} (key ${f.key}): expected ${expected(f)}, got ${describe(item)}`);
    out[f.name] = x;
  }
  return out;
}

/** Decodes and validates a message. Anything wrong, at any layer, is a one-line DecodeError. */
export function decodeMessage(bytes: Uint8Array): Message {
  const root = asMap(decodeCbor(bytes), 'message');
  requireKeys(root, ROOT_KEYS, 'message');
  const version = root.get(MESSAGE_KEYS.version);
  if (version !== CONTENT_FORMAT_VERSION) throw new DecodeError(`content: message.version: expected ${CONTENT_FORMAT_VERSION}, got ${describe(version)}`);
  const parts = root.get(MESSAGE_KEYS.parts);
  if (!Array.isArray(parts)) throw new DecodeError(`content: message.parts: expected an array, got ${describe(parts)}`);
  const raw = { id: root.get(MESSAGE_KEYS.id), parts: (parts as readonly CborValue[]).map(partFromCbor) };
  try {
    return parseMessage(raw);
  } catch (e) {
    // The same validation as at construction; on the wire it is a decoding failure.
    if (e instanceof TypeError || e instanceof RangeError) throw new DecodeError(`content: ${e.message}`);
    throw e;
  }
}
