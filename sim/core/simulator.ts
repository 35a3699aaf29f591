import { EventQueue, type QueueEntry } from './eventQueue.ts';
import { after, type Duration, type SimTime, ZERO } from './time.ts';

/** What an event does when its time comes. May be async: the kernel awaits it before the next event. */
export type EventHandler = () => void | PromiseLike<void>;

/** What the queue holds: a handler, called with the argument it was scheduled with (if any). */
type Call = (arg: unknown) => void | PromiseLike<void>;

/** A scheduled event, for cancelling it. The queue holds the handler itself: one object per event. */
export type EventHandle = QueueEntry<Call>;

export interface ScheduleOptions {
  /** Lower runs first among events at the same instant; insertion order breaks remaining ties. */
  readonly priority?: number;
  /** A name for the reader of the call; never interpreted, not kept. */
  readonly label?: string;
}

export interface RunLimits {
  /** Stop before any event later than this instant; the clock is left at `until`. */
  readonly until?: SimTime;
  /** Stop after this many events. */
  readonly maxEvents?: number;
  /** Called every `progressEvery` events with the current time (for progress bars; never for logic). */
  readonly onProgress?: (now: SimTime, events: number) => void;
  readonly progressEvery?: number;
  /** Told when each event and each after-event job starts and ends (for measuring what events cost: bench/eventCosts.ts); never for logic. */
  readonly probe?: EventProbe;
}

/**
 * Watches the kernel run its events, for measurement only: `begin` just before a handler (or an
 * after-event job) is called, `end` once it has returned and any promise it returned has settled,
 * with what ran (`arg` is the event's argument, undefined for a job). It must not touch the simulation.
 */
export interface EventProbe {
  begin(): void;
  end(handler: (arg: never) => unknown, arg: unknown): void;
}

export type StopReason = 'quiescent' | 'until' | 'budget' | 'stopped';

export interface RunResult {
  readonly reason: StopReason;
  readonly now: SimTime;
  /** Events processed by this call. */
  readonly events: number;
}

/**
 * The discrete-event kernel: a clock and a queue. Handlers run one at a time in (time, priority,
 * insertion) order; an async handler is awaited before the next event starts, so promise-returning
 * crypto can never reorder the simulation. The kernel knows nothing of networks, actors or crypto.
 */
export class Simulator {
  private readonly queue: EventQueue<Call>;
  private clock: SimTime;
  private processed = 0;
  private running = false;
  private stopRequested = false;

  constructor(start: SimTime = ZERO) {
    this.clock = start;
    // Nothing is ever scheduled before the clock: events for now queue in order beside the heap.
    this.queue = new EventQueue<Call>(start);
  }

  get now(): SimTime {
    return this.clock;
  }

  /** Live (not cancelled) events still pending. */
  get pending(): number {
    return this.queue.size;
  }

  /** Events processed since the simulator was made. */
  get eventsProcessed(): number {
    return this.processed;
  }

  schedule(delay: Duration, handler: EventHandler, options?: ScheduleOptions): EventHandle {
    if (!Number.isInteger(delay) || delay < 0) {
      throw new RangeError(`schedule: delay must be a non-negative integer of microseconds, got ${delay}`);
    }
    return this.queue.push(after(this.clock, delay), options?.priority ?? 0, handler);
  }

  scheduleAt(time: SimTime, handler: EventHandler, options?: ScheduleOptions): EventHandle {
    if (!Number.isInteger(time) || time < this.clock) {
      throw new RangeError(`scheduleAt: time ${time} is not an integer at or after now (${this.clock})`);
    }
    return this.queue.push(time, options?.priority ?? 0, handler);
  }

  /**
   * Schedules `handler(arg)` at `time`: for code that schedules many events of one kind (the network,
   * every hop of every envelope), one handler made once and an argument it already has, instead of a
   * closure and its context per event.
   */
  callAt<A>(time: SimTime, handler: (arg: A) => void | PromiseLike<void>, arg: A): EventHandle {
    if (!Number.isInteger(time) || time < this.clock) {
      throw new RangeError(`callAt: time ${time} is not an integer at or after now (${this.clock})`);
    }
    return this.queue.push(time, 0, handler as Call, arg);
  }

  /** Cancels a pending event; false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /**
   * Runs `job` once the current event's handler has finished (its promise settled), before the next
   * event; an async job is awaited on its own, so nothing else of the simulation runs meanwhile. For
   * work beside the simulation that must not change it (e.g. decryption started ahead of a message,
   * timed whole because it runs alone). Jobs run in the order they were added.
   */
  afterEvent(job: EventHandler): void {
    this.jobs.push(job);
  }

  private jobs: EventHandler[] = [];

  /** Asks a running `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  async run(limits: RunLimits = {}): Promise<RunResult> {
    if (this.running) throw new Error('Simulator.run: already running (re-entrant run is a bug)');
    this.running = true;
    this.stopRequested = false;
    const { until, maxEvents = Infinity, onProgress, progressEvery = 10_000, probe } = limits;
    const queue = this.queue;
    let events = 0;
    let reason: StopReason = 'quiescent';
    try {
      for (;;) {
        while (this.jobs.length > 0) {
          const jobs = this.jobs;
          this.jobs = [];
          for (let i = 0; i < jobs.length; i++) {
            probe?.begin();
            const r = jobs[i]!();
            if (r !== undefined && typeof r.then === 'function') await r;
            probe?.end(jobs[i]!, undefined);
          }
        }
        if (this.stopRequested) {
          reason = 'stopped';
          break;
        }
        const next = queue.peek();
        if (next === undefined) break;
        if (until !== undefined && next.time > until) {
          this.clock = until;
          reason = 'until';
          break;
        }
        if (events >= maxEvents) {
          reason = 'budget';
          break;
        }
        queue.remove(next);
        this.clock = next.time;
        events++;
        this.processed++;
        probe?.begin();
        const result = next.item(next.arg);
        // Only a real promise costs a microtask; synchronous handlers run back to back.
        if (result !== undefined && typeof result.then === 'function') await result;
        probe?.end(next.item, next.arg);
        if (onProgress !== undefined && events % progressEvery === 0) onProgress(this.clock, events);
      }
      if (reason === 'quiescent' && until !== undefined && this.clock < until) this.clock = until;
    } finally {
      this.running = false;
    }
    return { reason, now: this.clock, events };
  }
}
