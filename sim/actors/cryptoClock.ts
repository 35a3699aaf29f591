import { performance } from 'node:perf_hooks';

/**
 * Wall-clock CPU time of real MLS operations, by operation type. Reported beside the results and
 * never fed back into virtual time or the trace, so determinism is untouched.
 *
 * Spans can overlap: an async operation's span stays open while it waits for libuv's thread pool,
 * and work started ahead of its message (a sink, below) can run inside another operation's wait.
 * Each operation's own total (`report`) counts its span in full; the clock's total (`totalMs`) is
 * the wall time during which at least one span was open, so no instant is counted twice.
 */
export class CryptoClock {
  private readonly totals = new Map<string, { ms: number; count: number }>();
  /** Spans open now, when the outermost opened, and the union of closed outermost spans. */
  private open = 0;
  private openedAt = 0;
  private unionMs = 0;

  /** Times `f`, one span counted as `count` operations of `op` (a batch of like calls, e.g. a device's KeyPackages). */
  async time<T>(op: string, f: () => Promise<T>, count = 1): Promise<T> {
    const start = this.enter();
    try {
      return await f();
    } finally {
      this.add(op, this.leave() - start, count);
    }
  }

  /** The same for a synchronous MLS call (reading framing or group state). */
  timeSync<T>(op: string, f: () => T): T {
    const start = this.enter();
    try {
      return f();
    } finally {
      this.add(op, this.leave() - start);
    }
  }

  /**
   * A sink for work that no single span can time, e.g. decryptions started ahead of their messages
   * (sim/actors/conversation/mls/decryptAhead.ts): their main-thread part runs over many awaits, so
   * they are run alone between two events (Simulator.afterEvent) and that window is reported whole,
   * then each one's synchronous tail after its pooled signature check on its own; the wait for the
   * pool never is. Each call adds milliseconds just spent to `op`, counted once per sink call, and to
   * the total only when no span was open around it (else that span has it).
   */
  sink(op: string): (ms: number) => void {
    let f = this.sinks.get(op);
    if (f === undefined) {
      this.sinks.set(
        op,
        (f = (ms) => {
          this.add(op, ms);
          if (this.open === 0) {
            this.unionMs += ms;
            if (this.onUnion !== undefined) {
              const now = performance.now(); // wall-clock ok
              this.onUnion(now - ms, now);
            }
          }
        }),
      );
    }
    return f;
  }

  private readonly sinks = new Map<string, (ms: number) => void>();

  /**
   * Told each stretch of wall time the total gains, as [from, to] in the performance clock's milliseconds
   * (bench/overheadProfile.ts lays them beside a CPU profile to see what runs outside the clock).
   */
  onUnion: ((from: number, to: number) => void) | undefined = undefined;

  private enter(): number {
    const now = performance.now(); // wall-clock ok: measurement only, outside the virtual clock
    if (this.open++ === 0) this.openedAt = now;
    return now;
  }

  private leave(): number {
    const now = performance.now(); // wall-clock ok
    if (--this.open === 0) {
      this.unionMs += now - this.openedAt;
      this.onUnion?.(this.openedAt, now);
    }
    return now;
  }

  private add(op: string, ms: number, count = 1): void {
    const t = this.totals.get(op);
    if (t) {
      t.ms += ms;
      t.count += count;
    } else this.totals.set(op, { ms, count });
  }

  report(): Record<string, { totalMs: number; count: number; meanMs: number }> {
    return Object.fromEntries(
      [...this.totals].sort(([a], [b]) => a.localeCompare(b)).map(([op, t]) => [op, { totalMs: t.ms, count: t.count, meanMs: t.ms / t.count }]),
    );
  }

  /** Wall milliseconds during which MLS work was timed (the union of spans and sinks; overlaps once). */
  totalMs(): number {
    return this.unionMs + (this.open > 0 ? performance.now() - this.openedAt : 0); // wall-clock ok
  }
}
