/**
 * Growable typed-array columns and a string interner: the trace index stores one number per field per
 * record, so 100,000 messages cost a few megabytes instead of a few hundred thousand objects.
 */
type NumberArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

export class Column<A extends NumberArray> {
  private data: A;
  length = 0;

  constructor(private readonly make: (n: number) => A) {
    this.data = make(1024);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** A trimmed copy holding exactly `length` values. */
  freeze(): A {
    return this.data.slice(0, this.length) as A;
  }
}

export const f64 = () => new Column((n) => new Float64Array(n));
export const i32 = () => new Column((n) => new Int32Array(n));
export const u32 = () => new Column((n) => new Uint32Array(n));
export const u8 = () => new Column((n) => new Uint8Array(n));

/** Maps each distinct string to a small integer, in first-seen order. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(s, id);
      this.values.push(s);
    }
    return id;
  }

  lookup(s: string): number | undefined {
    return this.ids.get(s);
  }

  at(i: number): string {
    return this.values[i]!;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * Compressed sparse rows: for each owner 0..owners-1, the item numbers that belong to it, in item
 * order. Built with one counting pass, so "all hops of message m" is a slice, not a scan.
 */
export interface Csr {
  readonly offsets: Uint32Array;
  readonly items: Uint32Array;
}

export function buildCsr(owners: number, ownerOf: Int32Array): Csr {
  const offsets = new Uint32Array(owners + 1);
  for (const o of ownerOf) if (o >= 0) offsets[o + 1]!++;
  for (let i = 0; i < owners; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, owners);
  const items = new Uint32Array(offsets[owners]!);
  ownerOf.forEach((o, item) => {
    if (o >= 0) items[fill[o]!++] = item;
  });
  return { offsets, items };
}

export function rowOf(csr: Csr, owner: number): Uint32Array {
  return csr.items.subarray(csr.offsets[owner]!, csr.offsets[owner + 1]!);
}
