/** Length-prefixed concatenation (u32 big-endian lengths), for several MLS messages in one envelope. */
export function frameAll(parts: readonly Uint8Array[]): Uint8Array {
  return frame(parts, undefined);
}

/** `frameAll`, and each part's place in the result as a view of it (what `unframeAll` would read), in one pass. */
export function frameAllWithViews(parts: readonly Uint8Array[]): { readonly bytes: Uint8Array; readonly views: Uint8Array[] } {
  const views: Uint8Array[] = [];
  return { bytes: frame(parts, views), views };
}

function frame(parts: readonly Uint8Array[], views: Uint8Array[] | undefined): Uint8Array {
  let total = 0;
  for (const p of parts) total += 4 + p.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const p of parts) {
    view.setUint32(o, p.length);
    out.set(p, o + 4);
    views?.push(out.subarray(o + 4, o + 4 + p.length));
    o += 4 + p.length;
  }
  return out;
}

export function unframeAll(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let o = 0;
  while (o < bytes.length) {
    if (o + 4 > bytes.length) throw new RangeError('frame: truncated length');
    const n = view.getUint32(o);
    if (o + 4 + n > bytes.length) throw new RangeError('frame: truncated body');
    out.push(bytes.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
  return out;
}
