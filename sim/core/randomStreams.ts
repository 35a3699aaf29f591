import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { RandomStream } from './randomStream.ts';

/**
 * Named random streams derived from one master seed. Each stream's seed is SHA-256(master, name), so a
 * stream's draws depend only on its own name: adding a component (a new name) leaves every other
 * stream unchanged, unlike streams handed out in creation order (the ns-3 perturbation problem).
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly masterSeed: string) {}

  /** The stream called `name`; asking twice returns the same stream (it continues, not restarts). */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      const seed = createHash('sha256').update(`interop-sim/v1\0${this.masterSeed}\0${name}`).digest('hex');
      s = new RandomStream(name, seedrandom.xor4096(seed));
      this.streams.set(name, s);
    }
    return s;
  }

  /** Names of the streams created so far, sorted (for diagnostics). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
