// A bounded memo from key bytes to what importing them costs (a KeyObject). Tree keys are imported
// again and again (every commit encrypts to the same copath nodes, every join verifies every leaf),
// and OpenSSL's key import is as expensive as the operation itself. Keyed by content, so a stale
// entry can never be wrong; cleared when full rather than tracking recency.
export class KeyCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit = 65_536) {}
  get(raw: Uint8Array, make: (raw: Uint8Array) => V): V {
    const k = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
    let v = this.map.get(k);
    if (v === undefined) {
      v = make(raw);
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(k, v);
    }
    return v;
  }
}
