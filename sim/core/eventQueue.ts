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
 *
 * Entries for the instant last popped (the simulator's now) at the default priority wait in a FIFO
 * beside the heap instead (a run's start-up schedules thousands of events at 0 s, a handler often one
 * for now): they are in order already, so they cost no sifting. Pop takes whichever of the FIFO's head
 * and the heap's top comes first by (time, priority, insertion): the order is the heap's alone.
 */
export class EventQueue<T> {
  private readonly heap: QueueEntry<T>[] = [];
  private readonly times: number[] = [];
  private nextSeq = 0;
  private live = 0;
  /** Entries of one instant at priority 0, in insertion order, from `fifoHead` on. */
  private fifo: QueueEntry<T>[] = [];
  private fifoHead = 0;

  /** `floor`: the earliest time anything will be pushed at (the simulator's clock); it then follows what pops. */
  constructor(private floor: number = -Infinity) {}

  /** Pending entries that are not cancelled. */
  get size(): number {
    return this.live;
  }

  push(time: SimTime, priority: number, item: T, arg?: unknown): QueueEntry<T> {
    const entry: QueueEntry<T> = { time, priority, seq: this.nextSeq++, item, arg, cancelled: false };
    if (time === this.floor && priority === 0) {
      const fifo = this.fifo;
      // One instant at a time: the FIFO holds entries of a single time (the one it began with).
      if (this.fifoHead === fifo.length || fifo[fifo.length - 1]!.time === time) {
        fifo.push(entry);
        this.live++;
        return entry;
      }
    }
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
    const first = this.fifoFirst();
    const top = this.heap[0];
    return first !== undefined && (top === undefined || !before(top, first)) ? first : top;
  }

  /** Removes and returns the earliest live entry. */
  pop(): QueueEntry<T> | undefined {
    const out = this.peek();
    if (out !== undefined) this.remove(out);
    return out;
  }

  /** Removes `entry`, which `peek` just returned (nothing pushed or popped since): the kernel's pop without a second look. */
  remove(entry: QueueEntry<T>): void {
    if (this.fifoHead < this.fifo.length && this.fifo[this.fifoHead] === entry) {
      this.fifo[this.fifoHead++] = undefined as unknown as QueueEntry<T>;
      if (this.fifoHead === this.fifo.length) {
        this.fifo.length = 0;
        this.fifoHead = 0;
      } else if (this.fifoHead >= 4096 && this.fifoHead * 2 >= this.fifo.length) {
        this.fifo = this.fifo.slice(this.fifoHead);
        this.fifoHead = 0;
      }
    } else if (this.heap[0] === entry) this.popRaw();
    else throw new Error('EventQueue.remove: not the entry peek returned');
    this.live--;
    this.floor = entry.time;
  }

  /** The FIFO's first live entry (cancelled ones before it dropped). */
  private fifoFirst(): QueueEntry<T> | undefined {
    const fifo = this.fifo;
    while (this.fifoHead < fifo.length && fifo[this.fifoHead]!.cancelled) fifo[this.fifoHead++] = undefined as unknown as QueueEntry<T>;
    if (this.fifoHead < fifo.length) return fifo[this.fifoHead];
    fifo.length = 0;
    this.fifoHead = 0;
    return undefined;
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

/** Whether `a` comes before `b`: time, then priority, then insertion. */
function before<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  return a.time < b.time || (a.time === b.time && precedes(a, b));
}
