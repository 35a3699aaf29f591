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

  /** Names of the streams created so far, sorted (for diagnostics). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
