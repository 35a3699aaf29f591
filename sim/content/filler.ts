/**
 * `n` deterministic stand-in bytes for a media payload the simulator does not model: the size is what
 * counts on the wire. A fixed affine pattern (no runs, period 256), the same on every machine.
 */
export function fillerBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 167 + 13) & 0xff;
  return out;
}
