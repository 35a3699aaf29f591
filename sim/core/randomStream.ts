import { streamGenerator } from './streamSeed.ts';
import type { Xor4096 } from './xor4096.ts';

/**
 * One named, seeded source of randomness with the distributions the simulator needs. Its generator is
 * seeded at its first draw (the seed depends only on the master seed and the name, so when does not
 * matter): a run names tens of thousands of streams (per device, per link direction) and draws from
 * few of them.
 */
export class RandomStream {
  private spareNormal: number | undefined;
  private generator: Xor4096 | undefined;

  constructor(
    readonly name: string,
    readonly masterSeed: string,
  ) {}

  private get prng(): Xor4096 {
    return (this.generator ??= streamGenerator(this.masterSeed, this.name));
  }

  /** Uniform in [0, 1), 53 bits. */
  next(): number {
    return this.prng.double();
  }

  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`int: bad range [${lo}, ${hi}]`);
    return lo + Math.floor(this.prng.double() * (hi - lo + 1));
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.prng.double();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.prng.double() < p;
  }

  /** Standard normal by the polar Box–Muller method (both draws used). */
  normal(mean = 0, stdDev = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + stdDev * z;
    }
    const g = this.prng;
    let u: number, v: number, s: number;
    do {
      u = 2 * g.double() - 1;
      v = 2 * g.double() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + stdDev * u * f;
  }

  /** Exponential with the given rate (mean 1/rate): inter-arrival times of a Poisson process. */
  exponential(rate: number): number {
    if (!(rate > 0)) throw new RangeError(`exponential: rate must be positive, got ${rate}`);
    return -Math.log(1 - this.prng.double()) / rate;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: empty list');
    return items[this.index(items.length)]!;
  }

  /** A uniform index in [0, n): the draw `pick` makes for a list of n items. */
  index(n: number): number {
    if (!(n >= 1)) throw new RangeError(`index: expected at least one item, got ${n}`);
    return Math.floor(this.prng.double() * n);
  }

  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng.double() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `n` pseudo-random bytes (deterministic key material for simulated crypto). */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    const g = this.prng;
    for (let i = 0; i < n; i += 4) {
      const w = g.int32();
      out[i] = w & 0xff;
      if (i + 1 < n) out[i + 1] = (w >>> 8) & 0xff;
      if (i + 2 < n) out[i + 2] = (w >>> 16) & 0xff;
      if (i + 3 < n) out[i + 3] = (w >>> 24) & 0xff;
    }
    return out;
  }
}
