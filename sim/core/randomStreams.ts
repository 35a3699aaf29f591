import { RandomStream } from './randomStream.ts';

/**
 * Named random streams derived from one master seed. Each stream's seed is SHA-256(master, name), so a
 * stream's draws depend only on its own name: adding a component (a new name) leaves every other
 * stream unchanged, unlike streams handed out in creation order (the ns-3 perturbation problem). The
 * generator is xor4096, bit-identical to the `seedrandom` package's (sim/core/xor4096.ts), seeded with
 * the seed's hex at the stream's first draw (streamSeed.ts).
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly masterSeed: string) {}

  /** The stream called `name`; asking twice returns the same stream (it continues, not restarts). */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, this.masterSeed);
      this.streams.set(name, s);
    }
    return s;
  }

  /** Whether a stream called `name` was made (asked for, or adopted). */
  has(name: string): boolean {
    return this.streams.has(name);
  }

  /**
   * A stream called `name` under this master seed that is not yet one of the named streams: work
   * done ahead of its time (a device's start-up crypto, sim/actors/conversation/mls/startAhead.ts)
   * draws from it, and `adopt` then makes it the stream `stream(name)` returns, as if asked for then.
   */
  detached(name: string): RandomStream {
    return new RandomStream(name, this.masterSeed);
  }

  /**
   * The stream called `name`, held by its caller alone and not entered among the named streams (no
   * entry in a registry of tens of thousands of names): for a stream whose one owner keeps it for the
   * whole run and is the only code that ever names it (a network link direction's). Its draws are
   * those `stream(name)` would give; `stream(name)` would give a second, restarted stream, so no one
   * else may ask for that name.
   */
  owned(name: string): RandomStream {
    return new RandomStream(name, this.masterSeed);
  }

  /** Makes a detached stream the stream of its name; false (and nothing changes) if that name has a stream already. */
  adopt(stream: RandomStream): boolean {
    if (stream.masterSeed !== this.masterSeed) throw new RangeError(`adopt: stream ${stream.name} is of another master seed`);
    if (this.streams.has(stream.name)) return false;
    this.streams.set(stream.name, stream);
    return true;
  }

  /** Names of the streams created so far, sorted (for diagnostics). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
