// Length-prefixed concatenation: each part as a u32 big-endian length, then its bytes. Lengths are
// written and read byte by byte, never through a DataView: asking a small typed array for its
// `.buffer` makes V8 move it off the heap (an allocation the garbage collector then tracks), and
// most parts framed here (key ids, prekeys, headers) are small.

/** Length-prefixed concatenation (u32 big-endian lengths), for several MLS messages in one envelope. */
export function frameAll(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (let i = 0; i < parts.length; i++) total += 4 + parts[i]!.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    o = putU32(out, o, p.length);
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Writes `n` as a u32 big-endian at `at`; returns the offset after it. */
export function putU32(out: Uint8Array, at: number, n: number): number {
  out[at] = n >>> 24;
  out[at + 1] = n >>> 16;
  out[at + 2] = n >>> 8;
  out[at + 3] = n;
  return at + 4;
}

/** The u32 big-endian at `at` (the caller checked that four bytes are there). */
export function getU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

export function unframeAll(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  while (o < bytes.length) {
    if (o + 4 > bytes.length) throw new RangeError('frame: truncated length');
    const n = getU32(bytes, o);
    if (o + 4 + n > bytes.length) throw new RangeError('frame: truncated body');
    out.push(bytes.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
  return out;
}
