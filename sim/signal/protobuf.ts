// A tiny protobuf (proto2) codec for the four Signal wire messages: uint32 and bytes fields only.
// Encoding writes fields in the order given (libsignal's prost writes them in .proto declaration
// order, so callers list them that way to get the same bytes). Decoding keeps the last value of a
// repeated optional field and skips unknown fields, as prost does; anything malformed is `undefined`.

export type Field = { readonly no: number; readonly uint32: number } | { readonly no: number; readonly bytes: Uint8Array };

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, o: number, n: number): number {
  while (n >= 0x80) {
    out[o++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[o++] = n;
  return o;
}

/** Encode `fields`, optionally after `prefix` bytes (the version byte) in the same buffer. */
export function encodeMessage(fields: readonly (Field | undefined)[], prefix?: Uint8Array): Uint8Array {
  let n = prefix?.length ?? 0;
  for (const f of fields) {
    if (f === undefined) continue;
    n += varintLength(f.no << 3);
    n += 'uint32' in f ? varintLength(f.uint32) : varintLength(f.bytes.length) + f.bytes.length;
  }
  const out = new Uint8Array(n);
  let o = 0;
  if (prefix) {
    out.set(prefix);
    o = prefix.length;
  }
  for (const f of fields) {
    if (f === undefined) continue;
    if ('uint32' in f) {
      o = writeVarint(out, o, f.no << 3);
      o = writeVarint(out, o, f.uint32 >>> 0);
    } else {
      o = writeVarint(out, o, (f.no << 3) | 2);
      o = writeVarint(out, o, f.bytes.length);
      out.set(f.bytes, o);
      o += f.bytes.length;
    }
  }
  return out;
}

/** The fields of the schema that were present, by field number. */
export interface Decoded {
  readonly uint32: readonly (number | undefined)[];
  readonly bytes: readonly (Uint8Array | undefined)[];
}

/** Where the last `varint` read ended (decoding is synchronous). */
let varintEnd = 0;

/** The varint at `at`, its end in `varintEnd`; -1 when it is truncated or longer than 10 bytes. */
function varint(buf: Uint8Array, at: number): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (at >= buf.length) return -1;
    const b = buf[at++]!;
    if (mul < 2 ** 53) result += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) {
      varintEnd = at;
      return result;
    }
  }
  return -1;
}

/** Decode; `undefined` on truncation, a bad varint, a group, or a type that contradicts `schema`. */
export function decodeMessage(buf: Uint8Array, schema: Readonly<Record<number, 'uint32' | 'bytes'>>): Decoded | undefined {
  const uint32: (number | undefined)[] = [];
  const bytes: (Uint8Array | undefined)[] = [];
  let o = 0;
  while (o < buf.length) {
    const key = varint(buf, o);
    if (key < 0) return undefined;
    o = varintEnd;
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (no === 0) return undefined;
    const want = schema[no];
    switch (wire) {
      case 0: {
        const v = varint(buf, o);
        if (v < 0) return undefined;
        o = varintEnd;
        if (want === 'bytes') return undefined;
        if (want === 'uint32') uint32[no] = v % 2 ** 32; // prost truncates a wider varint to u32
        break;
      }
      case 2: {
        const len = varint(buf, o);
        if (len < 0) return undefined;
        o = varintEnd;
        if (o + len > buf.length) return undefined;
        if (want === 'uint32') return undefined;
        if (want === 'bytes') bytes[no] = buf.slice(o, o + len);
        o += len;
        break;
      }
      case 1:
      case 5: {
        if (want !== undefined) return undefined;
        o += wire === 1 ? 8 : 4;
        if (o > buf.length) return undefined;
        break;
      }
      default:
        return undefined;
    }
  }
  return { uint32, bytes };
}
