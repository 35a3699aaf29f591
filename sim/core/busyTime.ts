import { after, laterOf, type Duration, type SimTime } from './time.ts';

/**
 * Deterministic CPU-cost charging: each node does one modelled operation at a time, so an operation
 * that costs `d` finishes `d` after the later of now and the node's previous finish. Costs come from a
 * model, never from a wall clock, so the same run gives the same times on any machine.
 */
export class BusyTime {
  private readonly busyUntil = new Map<string, SimTime>();

  /** Books `cost` on `node` starting no earlier than `now`; returns when the operation finishes. */
  charge(node: string, now: SimTime, cost: Duration): SimTime {
    if (!Number.isInteger(cost) || cost < 0) throw new RangeError(`charge: cost must be a non-negative integer, got ${cost}`);
    const start = laterOf(now, this.busyUntil.get(node) ?? now);
    const done = after(start, cost);
    this.busyUntil.set(node, done);
    return done;
  }

  /** When `node` is next idle (at or before `now` means idle now). */
  freeAt(node: string, now: SimTime): SimTime {
    return laterOf(now, this.busyUntil.get(node) ?? now);
  }
}
