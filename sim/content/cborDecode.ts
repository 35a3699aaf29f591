// A strict decoder for the deterministic CBOR of cborEncode.ts: it accepts exactly the bytes the encoder
// can produce (so encode(decode(b)) equals b for every accepted b) and refuses anything else with a
// DecodeError naming the problem and the byte, never with a crash, a hang or a giant allocation.
import { CBOR_MAX_DEPTH, compareBytes } from './cborEncode.ts';
import type { CborKey, CborValue } from './cborValue.ts';
import { DecodeError } from './decodeError.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(problem: string, at: number): never {
    throw new DecodeError(`cbor: ${problem} at byte ${at}`, at);
  }

  get left(): number {
    return this.bytes.length - this.pos;
  }

  take(n: number, what: string, at: number): Uint8Array {
    if (n > this.left) this.fail(`truncated ${what}: needs ${n} bytes, ${this.left} left`, at);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** `n` bytes read in place (for a text string, decoded at once), or a truncation error. */
  view(n: number, what: string, at: number): Uint8Array {
    if (n > this.left) this.fail(`truncated ${what}: needs ${n} bytes, ${this.left} left`, at);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The argument of a head (RFC 8949 §3), refusing a longer form than needed (§4.2.1 preferred serialization). */
  argument(ai: number, at: number): number | bigint {
    if (ai < 24) return ai;
    const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 8;
    const b = this.view(size, 'argument', at);
    if (size < 8) {
      // Up to 32 bits: exact as a number.
      let v = 0;
      for (let i = 0; i < size; i++) v = v * 256 + (b[i] as number);
      const floor = ai === 24 ? 24 : ai === 25 ? 0x100 : 0x1_0000;
      if (v < floor) this.fail(`non-deterministic encoding: argument ${v} written in ${size} byte(s) where a shorter form exists`, at);
      return v;
    }
    let v = 0n;
    for (const byte of b) v = (v << 8n) | BigInt(byte);
    if (v < 0x1_0000_0000n) this.fail(`non-deterministic encoding: argument ${v} written in ${size} byte(s) where a shorter form exists`, at);
    return v <= MAX_SAFE ? Number(v) : v;
  }

  length(arg: number | bigint, what: string, perItem: number, at: number): number {
    // Every item takes at least one byte, so a count the remaining bytes cannot hold is refused before
    // anything is allocated.
    if (typeof arg === 'bigint' || arg * perItem > this.left) this.fail(`truncated ${what}: ${arg} declared, ${this.left} bytes left`, at);
    return arg;
  }

  item(depth: number): CborValue {
    const at = this.pos;
    if (this.left === 0) this.fail('truncated: expected a data item', at);
    const ib = this.bytes[this.pos++] as number;
    const major = ib >> 5;
    const ai = ib & 0x1f;
    if (major === 7) {
      switch (ai) {
        case 20:
          return false;
        case 21:
          return true;
        case 22:
          return null;
        case 23:
          return this.fail('undefined is not supported', at);
        case 25:
        case 26:
        case 27:
          return this.fail('floating-point numbers are not supported', at);
        case 31:
          return this.fail('unexpected break (indefinite lengths are not allowed)', at);
        default:
          return this.fail(`simple value ${ai === 24 ? '(1-byte)' : ai} is not supported`, at);
      }
    }
    if (ai >= 28 && ai <= 30) this.fail(`reserved additional information ${ai}`, at);
    if (ai === 31) this.fail(major >= 2 && major <= 5 ? 'indefinite-length item (not deterministic, RFC 8949 §4.2.1)' : `additional information 31 with major type ${major}`, at);
    const arg = this.argument(ai, at);
    switch (major) {
      case 0:
        return arg;
      case 1:
        return typeof arg === 'number' && arg < Number.MAX_SAFE_INTEGER ? -1 - arg : -1n - BigInt(arg);
      case 2:
        return this.take(this.length(arg, 'byte string', 1, at), 'byte string', at);
      case 3: {
        const b = this.view(this.length(arg, 'text string', 1, at), 'text string', at);
        try {
          return utf8.decode(b);
        } catch {
          return this.fail('text string is not valid UTF-8', at);
        }
      }
      case 4: {
        const n = this.length(arg, 'array', 1, at);
        if (depth >= CBOR_MAX_DEPTH) this.fail(`nested deeper than ${CBOR_MAX_DEPTH}`, at);
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.item(depth + 1));
        return out;
      }
      case 5: {
        const n = this.length(arg, 'map', 2, at);
        if (depth >= CBOR_MAX_DEPTH) this.fail(`nested deeper than ${CBOR_MAX_DEPTH}`, at);
        const out = new Map<CborKey, CborValue>();
        let previous: Uint8Array | undefined;
        for (let i = 0; i < n; i++) {
          const keyAt = this.pos;
          const key = this.item(depth + 1);
          if (typeof key !== 'number' && typeof key !== 'bigint' && typeof key !== 'string') this.fail('map keys must be integers or text strings', keyAt);
          const raw = this.bytes.subarray(keyAt, this.pos);
          if (previous !== undefined) {
            const c = compareBytes(previous, raw);
            if (c === 0) this.fail('duplicate map key', keyAt);
            if (c > 0) this.fail('map keys out of deterministic order (RFC 8949 §4.2.1: bytewise by encoding)', keyAt);
          }
          previous = raw;
          out.set(key, this.item(depth + 1));
        }
        return out;
      }
      default:
        return this.fail('tags are not supported', at);
    }
  }
}

/** Decodes exactly one deterministic CBOR data item filling all of `bytes`. Throws DecodeError. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`cbor: expected a Uint8Array, got ${typeof bytes}`);
  const r = new Reader(bytes);
  const value = r.item(0);
  if (r.left > 0) r.fail(`${r.left} trailing bytes after the data item`, r.pos);
  return value;
}
