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

/**
 * A binary min-heap keyed (time, priority, insertion sequence), the key SimPy, ns-3 and OMNeT++ use.
 * Cancellation is lazy: a cancelled entry stays in the heap and is skipped when it surfaces, which
 * keeps cancel O(1) and the heap array free of index bookkeeping. The times sit in an array of their
 * own beside the entries: sifting compares them without reading the entries, whose fields are read
 * only when two times are equal.
 */
export class EventQueue<T> {
  private readonly heap: QueueEntry<T>[] = [];
  private readonly times: number[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Pending entries that are not cancelled. */
  get size(): number {
    return this.live;
  }

  push(time: SimTime, priority: number, item: T, arg?: unknown): QueueEntry<T> {
    const entry: QueueEntry<T> = { time, priority, seq: this.nextSeq++, item, arg, cancelled: false };
    const heap = this.heap;
    const times = this.times;
    let i = heap.length;
    heap.push(entry);
    times.push(time);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      // The new entry has the largest sequence number: it moves up past strictly later entries only.
      if (time > pt) break;
      const p = heap[parent]!;
      if (time === pt && priority >= p.priority) break;
      heap[i] = p;
      times[i] = pt;
      i = parent;
    }
    heap[i] = entry;
    times[i] = time;
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
    const times = this.times;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    const lastTime = times.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let child = l;
        let ct = times[l]!;
        if (r < n) {
          const rt = times[r]!;
          if (rt < ct || (rt === ct && precedes(heap[r]!, heap[l]!))) {
            child = r;
            ct = rt;
          }
        }
        if (ct > lastTime || (ct === lastTime && !precedes(heap[child]!, last))) break;
        heap[i] = heap[child]!;
        times[i] = ct;
        i = child;
      }
      heap[i] = last;
      times[i] = lastTime;
    }
    return top;
  }
}

/** Order of two entries at the same time: priority, then insertion. */
function precedes<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
