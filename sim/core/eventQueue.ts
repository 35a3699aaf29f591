import type { SimTime } from './time.ts';

/** One pending entry. `seq` is unique and ever-increasing, so equal (time, priority) pairs pop FIFO. */
export interface QueueEntry<T> {
  readonly time: SimTime;
  readonly priority: number;
  readonly seq: number;
  readonly item: T;
  /** What the item is called with (an event's argument: the kernel passes it to the handler). */
  readonly arg: unknown;
  cancelled: boolean;
}

function precedes<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * A binary min-heap keyed (time, priority, insertion sequence), the key SimPy, ns-3 and OMNeT++ use.
 * Cancellation is lazy: a cancelled entry stays in the heap and is skipped when it surfaces, which
 * keeps cancel O(1) and the heap array free of index bookkeeping.
 */
export class EventQueue<T> {
  private readonly heap: QueueEntry<T>[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Pending entries that are not cancelled. */
  get size(): number {
    return this.live;
  }

  push(time: SimTime, priority: number, item: T, arg?: unknown): QueueEntry<T> {
    const entry: QueueEntry<T> = { time, priority, seq: this.nextSeq++, item, arg, cancelled: false };
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!precedes(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
    this.live++;
    return entry;
  }

  cancel(entry: QueueEntry<T>): boolean {
    if (entry.cancelled) return false;
    entry.cancelled = true;
    this.live--;
    return true;
  }

  /** The earliest live entry, without removing it. */
  peek(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /** Removes and returns the earliest live entry. */
  pop(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    const top = this.popRaw();
    if (top) this.live--;
    return top;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.popRaw();
  }

  private popRaw(): QueueEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && precedes(heap[r]!, heap[l]!) ? r : l;
        if (!precedes(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
