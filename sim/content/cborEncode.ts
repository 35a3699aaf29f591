// Deterministic CBOR encoding, RFC 8949 §4.2.1 ("core deterministic encoding"): preferred (shortest)
// argument encoding, definite lengths only, map keys sorted by the bytewise order of their encodings.
import { describe, isWellFormed } from './check.ts';
import { CBOR_MAX_UINT, CBOR_MIN_NINT, type CborKey, type CborValue } from './cborValue.ts';

/** Arrays and maps nest at most this deep, on both sides, so whatever encodes also decodes. */
export const CBOR_MAX_DEPTH = 64;

const utf8 = new TextEncoder();

/** A growing output buffer that writes CBOR heads and raw bytes (the content codec writes messages through it directly). */
export class CborWriter {
  private buf: Uint8Array;
  private len = 0;

  /**
   * `scratch`: a buffer to write into, reused from one encoding to the next by a caller that never
   * encodes two things at once (the result is copied out); the writer moves to a new buffer if it
   * outgrows it. A fresh typed array above 64 bytes lives outside V8's heap and costs far more to
   * allocate than its size suggests, so a message is written into one reused buffer and copied once.
   */
  constructor(scratch?: Uint8Array) {
    this.buf = scratch ?? new Uint8Array(64);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = Math.max(this.buf.length * 2, 64);
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** The initial byte and argument of a data item (RFC 8949 §3), in its shortest form (§4.2.1). */
  head(major: number, arg: number | bigint): void {
    if (typeof arg === 'bigint' && arg < 0x1_0000_0000n) arg = Number(arg);
    const m = major << 5;
    if (typeof arg === 'bigint' || arg >= 0x1_0000_0000) {
      this.ensure(9);
      this.buf[this.len] = m | 27;
      new DataView(this.buf.buffer, this.buf.byteOffset + this.len + 1, 8).setBigUint64(0, BigInt(arg));
      this.len += 9;
    } else if (arg < 24) this.byte(m | arg);
    else if (arg < 0x100) {
      this.byte(m | 24);
      this.byte(arg);
    } else if (arg < 0x1_0000) {
      this.byte(m | 25);
      this.byte(arg >>> 8);
      this.byte(arg & 0xff);
    } else {
      this.ensure(5);
      const b = this.buf;
      let i = this.len;
      b[i++] = m | 26;
      b[i++] = arg >>> 24;
      b[i++] = (arg >>> 16) & 0xff;
      b[i++] = (arg >>> 8) & 0xff;
      b[i++] = arg & 0xff;
      this.len = i;
    }
  }

  /** A text string (major type 3) of a well-formed string: its UTF-8 bytes after the head. */
  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: encode in place after room for the longest head
    // that could need, then move the bytes back if the real length has a shorter head.
    const room = headSize(s.length * 3);
    this.ensure(room + s.length * 3);
    const start = this.len + room;
    const n = utf8.encodeInto(s, this.buf.subarray(start)).written;
    const size = headSize(n);
    if (size !== room) this.buf.copyWithin(this.len + size, start, start + n);
    this.head(3, n);
    this.len += n;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** The bytes of a head whose argument is `n` (a length below 2^32). */
function headSize(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x1_0000 ? 3 : 5;
}

/** Bytewise lexicographic order, shorter first on a common prefix (RFC 8949 §4.2.1). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/**
 * Where an item sits, for error messages only: pairs of (0, array index) or (1, map key) from the root,
 * pushed and popped as the encoder descends, and formatted as `value[0]{1}` when something is refused.
 */
type Trail = (number | bigint | string)[];

function pathOf(trail: Trail): string {
  let path = 'value';
  for (let i = 0; i < trail.length; i += 2) {
    const seg = trail[i + 1]!;
    path += trail[i] === 0 ? `[${String(seg)}]` : `{${typeof seg === 'string' ? JSON.stringify(seg) : String(seg)}}`;
  }
  return path;
}

/** The one-byte encodings of the integer keys 0..23 (a content message's keys), shared. */
const SMALL_KEYS = Array.from({ length: 24 }, (_, k) => Uint8Array.of(k));

function encodeInto(w: CborWriter, v: CborValue, trail: Trail, depth: number): void {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`cbor: ${pathOf(trail)}: cannot encode the non-integer number ${v} (floats are not supported)`);
    if (!Number.isSafeInteger(v)) throw new RangeError(`cbor: ${pathOf(trail)}: ${v} is beyond 2^53-1; pass it as a bigint`);
    if (v >= 0) w.head(0, v);
    else w.head(1, -1 - v);
  } else if (typeof v === 'bigint') {
    if (v > CBOR_MAX_UINT || v < CBOR_MIN_NINT) throw new RangeError(`cbor: ${pathOf(trail)}: ${v} does not fit a 64-bit CBOR integer`);
    if (v >= 0n) w.head(0, v);
    else w.head(1, -1n - v);
  } else if (typeof v === 'string') {
    if (!isWellFormed(v)) throw new RangeError(`cbor: ${pathOf(trail)}: text string contains a lone UTF-16 surrogate`);
    w.text(v);
  } else if (v instanceof Uint8Array) {
    w.head(2, v.length);
    w.bytes(v);
  } else if (v === false) w.byte(0xf4);
  else if (v === true) w.byte(0xf5);
  else if (v === null) w.byte(0xf6);
  else if (Array.isArray(v)) {
    if (depth >= CBOR_MAX_DEPTH) throw new RangeError(`cbor: ${pathOf(trail)}: nested deeper than ${CBOR_MAX_DEPTH}`);
    const items = v as readonly CborValue[];
    w.head(4, items.length);
    for (let i = 0; i < items.length; i++) {
      trail.push(0, i);
      encodeInto(w, items[i] as CborValue, trail, depth + 1);
      trail.length -= 2;
    }
  } else if (v instanceof Map) {
    if (depth >= CBOR_MAX_DEPTH) throw new RangeError(`cbor: ${pathOf(trail)}: nested deeper than ${CBOR_MAX_DEPTH}`);
    const entries: { key: Uint8Array; value: CborValue; k: CborKey }[] = [];
    for (const [k, value] of v) {
      if (typeof k !== 'number' && typeof k !== 'bigint' && typeof k !== 'string') {
        throw new TypeError(`cbor: ${pathOf(trail)}: map keys must be integers or text strings, got ${describe(k)}`);
      }
      let key: Uint8Array;
      if (typeof k === 'number' && k >= 0 && k < 24 && Number.isInteger(k)) key = SMALL_KEYS[k]!;
      else {
        const kw = new CborWriter();
        trail.push(1, k);
        encodeInto(kw, k, trail, depth + 1);
        trail.length -= 2;
        key = kw.result();
      }
      entries.push({ key, value, k });
    }
    // RFC 8949 §4.2.1: keys sorted by the bytewise lexicographic order of their deterministic encodings.
    entries.sort((a, b) => compareBytes(a.key, b.key));
    for (let i = 1; i < entries.length; i++) {
      const e = entries[i] as (typeof entries)[number];
      if (compareBytes((entries[i - 1] as typeof e).key, e.key) === 0) {
        trail.push(1, e.k);
        throw new RangeError(`cbor: ${pathOf(trail)}: duplicate map key`);
      }
    }
    w.head(5, entries.length);
    for (const e of entries) {
      w.bytes(e.key);
      trail.push(1, e.k);
      encodeInto(w, e.value, trail, depth + 1);
      trail.length -= 2;
    }
  } else throw new TypeError(`cbor: ${pathOf(trail)}: cannot encode ${describe(v)}`);
}

/** The deterministic CBOR encoding of `value`: equal values give equal bytes, whatever the map insertion order. */
export function encodeCbor(value: CborValue): Uint8Array {
  const w = new CborWriter();
  encodeInto(w, value, [], 0);
  return w.result();
}

