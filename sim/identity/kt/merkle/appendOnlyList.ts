/**
 * An immutable list that only grows. Every value sees the first `length` items of a store it may share
 * with later values: appending to the newest value pushes onto the store in place (amortised O(1));
 * appending to an older value (a fork: a log rewriting its history, a split view) copies its prefix
 * first, so no value ever observes a change. The same trick as a Go slice's spare capacity.
 */
export class AppendOnlyList<T> {
  private constructor(
    private readonly store: T[],
    readonly length: number,
  ) {}

  static empty<T>(): AppendOnlyList<T> {
    return new AppendOnlyList<T>([], 0);
  }

  static of<T>(items: readonly T[]): AppendOnlyList<T> {
    return new AppendOnlyList<T>(items.slice(), items.length);
  }

  /** The item at `i`, or undefined outside [0, length). */
  at(i: number): T | undefined {
    return i >= 0 && i < this.length ? this.store[i] : undefined;
  }

  /** The last item, or undefined when empty. */
  last(): T | undefined {
    return this.at(this.length - 1);
  }

  append(item: T): AppendOnlyList<T> {
    // Only the value that has seen every stored item may extend the store in place.
    const store = this.store.length === this.length ? this.store : this.store.slice(0, this.length);
    store.push(item);
    return new AppendOnlyList(store, this.length + 1);
  }

  /** A copy of items [from, to), clamped to [0, length). */
  slice(from = 0, to = this.length): T[] {
    return this.store.slice(Math.max(0, from), Math.min(to, this.length));
  }
}
