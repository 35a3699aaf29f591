/**
 * An immutable string-keyed map. `set` copies two 256-slot arrays and one small leaf instead of the
 * whole map, so registries and caches can stay values (every update returns a new map and leaves the
 * old one intact) at populations of millions without quadratic copying.
 */
const FANOUT = 256;

type Leaf<V> = ReadonlyMap<string, V>;
type Inner<V> = readonly (Leaf<V> | undefined)[];

/** FNV-1a over UTF-16 code units: fixed, so iteration order is the same on every machine. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class PersistentMap<K extends string, V> {
  private constructor(
    private readonly root: readonly (Inner<V> | undefined)[],
    readonly size: number,
  ) {}

  static empty<K extends string, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>(new Array<Inner<V> | undefined>(FANOUT).fill(undefined), 0);
  }

  get(key: K): V | undefined {
    const h = hash(key);
    return this.root[h >>> 24]?.[(h >>> 16) & 0xff]?.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): PersistentMap<K, V> {
    return this.replace(key, (leaf) => new Map(leaf).set(key, value));
  }

  delete(key: K): PersistentMap<K, V> {
    if (!this.has(key)) return this;
    return this.replace(key, (leaf) => {
      const next = new Map(leaf);
      next.delete(key);
      return next;
    });
  }

  /** Every entry, in hash order (deterministic, but sort if the order is shown to anyone). */
  *entries(): IterableIterator<[K, V]> {
    for (const inner of this.root) {
      if (inner === undefined) continue;
      for (const leaf of inner) if (leaf !== undefined) yield* leaf.entries() as IterableIterator<[K, V]>;
    }
  }

  private replace(key: K, update: (leaf: Leaf<V>) => Map<string, V>): PersistentMap<K, V> {
    const h = hash(key);
    const i = h >>> 24;
    const j = (h >>> 16) & 0xff;
    const innerOld = this.root[i] ?? new Array<Leaf<V> | undefined>(FANOUT).fill(undefined);
    const leafOld = innerOld[j] ?? new Map<string, V>();
    const leaf = update(leafOld);
    const inner = innerOld.slice();
    inner[j] = leaf.size === 0 ? undefined : leaf;
    const root = this.root.slice();
    root[i] = inner;
    return new PersistentMap<K, V>(root, this.size + leaf.size - leafOld.size);
  }
}
