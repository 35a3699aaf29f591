import { performance } from 'node:perf_hooks';
import type { Simulator } from '../../../core/index.ts';
import type { CryptoClock } from '../../cryptoClock.ts';

/** Starts one decryption ahead (MlsEngine.unprotectAhead); settles when this thread's part is handed off. */
type Start = () => PromiseLike<void> | undefined;

/**
 * Decryptions started ahead of their messages (MlsEngine.unprotectAhead), gathered over one event and
 * started together right after it (Simulator.afterEvent), the simulator awaiting them alone: from
 * their start to the last one's hand-off to the thread pool nothing else runs, so that window is MLS
 * work, timed whole as `unprotect-ahead`. Side by side their steps interleave (a fan-out's copies
 * take each step of the decryption in turn), which costs the main thread less than one after another.
 * Nothing here changes the simulation: the work is a pure function of immutable states and bytes.
 */
export class DecryptAhead {
  private pending: Start[] = [];
  private readonly spent: (ms: number) => void;

  constructor(
    private readonly sim: Simulator,
    clock: CryptoClock,
  ) {
    this.spent = clock.sink('unprotect-ahead');
  }

  add(start: Start): void {
    if (this.pending.length === 0) this.sim.afterEvent(() => this.run());
    this.pending.push(start);
  }

  private run(): PromiseLike<void> | undefined {
    const batch = this.pending;
    this.pending = [];
    const begin = performance.now(); // wall-clock ok: measurement only, never fed back
    const started: PromiseLike<void>[] = [];
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!();
      if (p !== undefined) started.push(p);
    }
    const done = (): void => this.spent(performance.now() - begin); // wall-clock ok
    if (started.length > 0) return Promise.all(started).then(done);
    done();
    return undefined;
  }
}

const byClock = new WeakMap<CryptoClock, DecryptAhead>();

/** The batch of decryptions ahead timed on `clock` (one per clock: a multi-client service has its own). */
export function decryptAhead(sim: Simulator, clock: CryptoClock): DecryptAhead {
  let d = byClock.get(clock);
  if (d === undefined) byClock.set(clock, (d = new DecryptAhead(sim, clock)));
  return d;
}
