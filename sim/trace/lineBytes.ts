/**
 * A byte buffer trace lines are written into as UTF-8, value by value, with no string built on the
 * way. Each write checks its value and returns false when it cannot write exactly what
 * `JSON.stringify` would (a string needing an escape, a lone surrogate, a number that is not finite,
 * a value of another type, or no room left): the caller then rewinds to the line's start and writes
 * the record the general way. So whatever it writes is byte for byte canonical JSON.
 */
export class LineBytes {
  /** Next byte to write. */
  pos = 0;
  /** Set when a write failed for want of room (the caller empties the buffer and writes the line again). */
  full = false;
  /** Writes stop this far before the end: the constants and numbers of one record always fit in it. */
  private readonly limit: number;

  constructor(readonly bytes: Uint8Array, slack = 1024) {
    this.limit = bytes.length - slack;
  }

  /** Room for a record's constants and numbers (strings check their own room). */
  hasRoom(): boolean {
    return this.pos <= this.limit;
  }

  /** An ASCII constant (keys and punctuation; never user data), by its place in the constants' table (`ascii`). */
  lit(k: Ascii): true {
    const b = this.bytes;
    let p = this.pos;
    const end = (k >>> 8) + (k & 0xff);
    for (let i = k >>> 8; i < end; i++) b[p++] = TABLE[i]!;
    this.pos = p;
    return true;
  }

  /** A JSON string: `"` + s + `"` when s needs no escape (quote, backslash, control character, lone surrogate). */
  str(s: unknown): boolean {
    if (typeof s !== 'string') return false;
    const n = s.length;
    let p = this.pos;
    if (p + 3 * n + 2 > this.limit) return !(this.full = true);
    const b = this.bytes;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
        b[p++] = c;
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        // A surrogate: a pair is one code point in four bytes; JSON.stringify escapes a lone one.
        const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d < 0xdc00 || d > 0xdfff) return false;
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 0x3f);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
        i++;
      }
    }
    b[p++] = 0x22;
    this.pos = p;
    return true;
  }

  /** A finite number as JSON writes it (an integer's digits here; any other through its string form, which is ASCII). */
  num(v: unknown): boolean {
    if (typeof v !== 'number') return false;
    if (!Number.isSafeInteger(v)) {
      if (!Number.isFinite(v)) return false;
      const s = `${v}`;
      const b = this.bytes;
      let p = this.pos;
      for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
      return true;
    }
    const b = this.bytes;
    let p = this.pos;
    let n = v;
    if (n < 0) {
      b[p++] = 0x2d;
      n = -n;
    }
    // -0 is an integer that is not below 0: it is written 0, as JSON writes it.
    let digits = 1;
    while (digits < 16 && n >= POW10[digits]!) digits++; // a safe integer has at most 16 digits
    p += digits;
    for (let i = p - 1; i >= p - digits; i--) {
      const d = n % 10;
      b[i] = 0x30 + d;
      n = (n - d) / 10;
    }
    this.pos = p;
    return true;
  }

  /** true or false. */
  bool(v: unknown): boolean {
    if (v === true) return this.lit(TRUE);
    if (v === false) return this.lit(FALSE);
    return false;
  }
}

/** An ASCII constant's place in one table of them all (offset << 8 | length): a line's constants come from a few cache lines. */
export type Ascii = number & { readonly __ascii: unique symbol };

const TABLE = new Uint8Array(1 << 12);
let tableUsed = 0;

/** Puts an ASCII constant of up to 255 bytes in the table (at module load: keys and punctuation). */
export function ascii(s: string): Ascii {
  if (s.length > 0xff || tableUsed + s.length > TABLE.length || !/^[\x20-\x7e]*$/.test(s)) throw new RangeError(`lineBytes: constant ${JSON.stringify(s)} does not fit`);
  const at = tableUsed;
  for (let i = 0; i < s.length; i++) TABLE[tableUsed++] = s.charCodeAt(i);
  return ((at << 8) | s.length) as Ascii;
}

/** 10^0 .. 10^16: a number's digits counted by comparing (no division per digit). */
const POW10 = Float64Array.from({ length: 17 }, (_, i) => 10 ** i);

const TRUE = ascii('true');
const FALSE = ascii('false');
