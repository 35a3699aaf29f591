import { performance } from 'node:perf_hooks';

/**
 * Wall-clock CPU time of real MLS operations, by operation type. Reported beside the results and
 * never fed back into virtual time or the trace, so determinism is untouched.
 */
export class CryptoClock {
  private readonly totals = new Map<string, { ms: number; count: number }>();

  async time<T>(op: string, f: () => Promise<T>): Promise<T> {
    const start = performance.now(); // wall-clock ok: measurement only, outside the virtual clock
    try {
      return await f();
    } finally {
      this.add(op, performance.now() - start); // wall-clock ok
    }
  }

  /** The same for a synchronous MLS call (reading framing or group state). */
  timeSync<T>(op: string, f: () => T): T {
    const start = performance.now(); // wall-clock ok: measurement only
    try {
      return f();
    } finally {
      this.add(op, performance.now() - start); // wall-clock ok
    }
  }

  /**
   * A sink for work that no single span can time (it runs between other work, e.g. a decryption
   * started ahead of its message): each call adds milliseconds to `op`, counted once per sink call.
   */
  sink(op: string): (ms: number) => void {
    let f = this.sinks.get(op);
    if (f === undefined) this.sinks.set(op, (f = (ms) => this.add(op, ms)));
    return f;
  }

  private readonly sinks = new Map<string, (ms: number) => void>();

  private add(op: string, ms: number): void {
    const t = this.totals.get(op);
    if (t) {
      t.ms += ms;
      t.count++;
    } else this.totals.set(op, { ms, count: 1 });
  }

  report(): Record<string, { totalMs: number; count: number; meanMs: number }> {
    return Object.fromEntries(
      [...this.totals].sort(([a], [b]) => a.localeCompare(b)).map(([op, t]) => [op, { totalMs: t.ms, count: t.count, meanMs: t.ms / t.count }]),
    );
  }

  totalMs(): number {
    let s = 0;
    for (const t of this.totals.values()) s += t.ms;
    return s;
  }
}
