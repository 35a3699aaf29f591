import { performance } from 'node:perf_hooks';
import type { Simulator } from '../../../core/index.ts';
import type { GroupState, MlsEngine } from '../../../mls/engine.ts';
import type { CryptoClock } from '../../cryptoClock.ts';

/**
 * Decryptions started ahead of their messages (MlsEngine.unprotectAhead), gathered over one event and
 * started together right after it (Simulator.afterEvent), the simulator awaiting them alone: from
 * their start to the last one's hand-off to the thread pool nothing else runs, so that window is MLS
 * work, timed whole as `unprotect-ahead`. Side by side their steps interleave (a fan-out's copies
 * take each step of the decryption in turn), which costs the main thread less than one after another.
 * Nothing here changes the simulation: the work is a pure function of immutable states and bytes.
 */
export class DecryptAhead {
  /** The decryptions of the current event, in parallel arrays (no closure per copy). */
  private engines: MlsEngine[] = [];
  private states: GroupState[] = [];
  private messages: Uint8Array[] = [];
  private tails: ((ms: number) => void)[] = [];
  private readonly spent: (ms: number) => void;
  /** The job handed to the simulator after an event that started something (made once). */
  private readonly job = (): PromiseLike<void> | undefined => this.run();

  constructor(
    private readonly sim: Simulator,
    clock: CryptoClock,
  ) {
    this.spent = clock.sink('unprotect-ahead');
  }

  /** Starts `engine.unprotectAhead(state, message, tail)` right after the current event, with the event's others. */
  decrypt(engine: MlsEngine, state: GroupState, message: Uint8Array, tail: (ms: number) => void): void {
    if (this.engines.length === 0) this.sim.afterEvent(this.job);
    this.engines.push(engine);
    this.states.push(state);
    this.messages.push(message);
    this.tails.push(tail);
  }

  private run(): PromiseLike<void> | undefined {
    const { engines, states, messages, tails } = this;
    this.engines = [];
    this.states = [];
    this.messages = [];
    this.tails = [];
    const begin = performance.now(); // wall-clock ok: measurement only, never fed back
    const started: PromiseLike<void>[] = [];
    for (let i = 0; i < engines.length; i++) {
      const p = engines[i]!.unprotectAhead?.(states[i]!, messages[i]!, tails[i]);
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
