import { CryptoClock } from '../cryptoClock.ts';

/**
 * The crypto clock of one protocol stack of the multi-protocol client (one service): every timing
 * also goes to the run's clock, so the run's totals are unchanged and each service's share is known.
 * Wall clock, like CryptoClock: reported beside the results, never in the trace.
 */
export class ServiceClock extends CryptoClock {
  constructor(private readonly run: CryptoClock) {
    super();
  }

  override async time<T>(op: string, f: () => Promise<T>): Promise<T> {
    return this.run.time(op, () => super.time(op, f));
  }

  override timeSync<T>(op: string, f: () => T): T {
    return this.run.timeSync(op, () => super.timeSync(op, f));
  }

  /** Work timed by a sink (a decryption started ahead) goes to the run's clock too; one function per op. */
  override sink(op: string): (ms: number) => void {
    let f = this.both.get(op);
    if (f === undefined) {
      const mine = super.sink(op);
      const run = this.run.sink(op);
      this.both.set(op, (f = (ms) => (mine(ms), run(ms))));
    }
    return f;
  }

  private readonly both = new Map<string, (ms: number) => void>();
}
