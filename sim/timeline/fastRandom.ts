import type { RandomStream } from '../core/randomStream.ts';

/**
 * A small fast generator (sfc32, Chris Doty-Humphrey's PractRand "small fast counting" generator) seeded
 * from one named stream: the population level draws tens of millions of numbers per run, and the
 * seedrandom streams cost several times more per draw. Its seed comes from the named stream, so each
 * use (graph, initial holdings, monthly decisions) keeps its own sequence whatever the others draw.
 */
export interface FastRandom {
  /** Uniform in [0, 1), 32 bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
}

export function fastRandom(stream: RandomStream): FastRandom {
  let a = stream.int(0, 0xffffffff) | 0;
  let b = stream.int(0, 0xffffffff) | 0;
  let c = stream.int(0, 0xffffffff) | 0;
  let d = 1;
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) u32();
  return {
    next: () => u32() / 4294967296,
    below: (n) => Math.floor((u32() / 4294967296) * n),
  };
}
