// Deterministic CBOR encoding, RFC 8949 §4.2.1 ("core deterministic encoding"): preferred (shortest)
// argument encoding, definite lengths only, map keys sorted by the bytewise order of their encodings.
import { describe, isWellFormed } from './check.ts';
import { CBOR_MAX_UINT, CBOR_MIN_NINT, type CborValue } from './cborValue.ts';

/** Arrays and maps nest at most this deep, on both sides, so whatever encodes also decodes. */
export const CBOR_MAX_DEPTH = 64;

const utf8 = new TextEncoder();

class Writer {
  private buf = new Uint8Array(64);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
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
      this.byte(m | 26);
      for (const shift of [24, 16, 8, 0]) this.byte((arg >>> shift) & 0xff);
    }
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Bytewise lexicographic order, shorter first on a common prefix (RFC 8949 §4.2.1). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

function encodeInto(w: Writer, v: CborValue, path: string, depth: number): void {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`cbor: ${path}: cannot encode the non-integer number ${v} (floats are not supported)`);
    if (!Number.isSafeInteger(v)) throw new RangeError(`cbor: ${path}: ${v} is beyond 2^53-1; pass it as a bigint`);
    if (v >= 0) w.head(0, v);
    else w.head(1, -1 - v);
  } else if (typeof v === 'bigint') {
    if (v > CBOR_MAX_UINT || v < CBOR_MIN_NINT) throw new RangeError(`cbor: ${path}: ${v} does not fit a 64-bit CBOR integer`);
    if (v >= 0n) w.head(0, v);
    else w.head(1, -1n - v);
  } else if (typeof v === 'string') {
    if (!isWellFormed(v)) throw new RangeError(`cbor: ${path}: text string contains a lone UTF-16 surrogate`);
    const b = utf8.encode(v);
    w.head(3, b.length);
    w.bytes(b);
  } else if (v instanceof Uint8Array) {
    w.head(2, v.length);
    w.bytes(v);
  } else if (v === false) w.byte(0xf4);
  else if (v === true) w.byte(0xf5);
  else if (v === null) w.byte(0xf6);
  else if (Array.isArray(v)) {
    if (depth >= CBOR_MAX_DEPTH) throw new RangeError(`cbor: ${path}: nested deeper than ${CBOR_MAX_DEPTH}`);
    const items = v as readonly CborValue[];
    w.head(4, items.length);
    items.forEach((item, i) => encodeInto(w, item, `${path}[${i}]`, depth + 1));
  } else if (v instanceof Map) {
    if (depth >= CBOR_MAX_DEPTH) throw new RangeError(`cbor: ${path}: nested deeper than ${CBOR_MAX_DEPTH}`);
    const entries: { key: Uint8Array; value: CborValue; name: string }[] = [];
    for (const [k, value] of v) {
      if (typeof k !== 'number' && typeof k !== 'bigint' && typeof k !== 'string') {
        throw new TypeError(`cbor: ${path}: map keys must be integers or text strings, got ${describe(k)}`);
      }
      const name = `${path}{${typeof k === 'string' ? JSON.stringify(k) : String(k)}}`;
      const kw = new Writer();
      encodeInto(kw, k, name, depth + 1);
      entries.push({ key: kw.result(), value, name });
    }
    // RFC 8949 §4.2.1: keys sorted by the bytewise lexicographic order of their deterministic encodings.
    entries.sort((a, b) => compareBytes(a.key, b.key));
    for (let i = 1; i < entries.length; i++) {
      const e = entries[i] as (typeof entries)[number];
      if (compareBytes((entries[i - 1] as typeof e).key, e.key) === 0) throw new RangeError(`cbor: ${e.name}: duplicate map key`);
    }
    w.head(5, entries.length);
    for (const e of entries) {
      w.bytes(e.key);
      encodeInto(w, e.value, e.name, depth + 1);
    }
  } else throw new TypeError(`cbor: ${path}: cannot encode ${describe(v)}`);
}

/** The deterministic CBOR encoding of `value`: equal values give equal bytes, whatever the map insertion order. */
export function encodeCbor(value: CborValue): Uint8Array {
  const w = new Writer();
  encodeInto(w, value, 'value', 0);
  return w.result();
}

