/** Scratch for a hex seed's code units (read only while seeding), kept between seedings. */
let hexUnits = new Uint16Array(65);

/**
 * Brent's xorgens xor4096 (R. P. Brent, "Some long-period random number generators using shifts and
 * xors", 2010: a 4096-bit xorshift generator combined with a Weyl sequence), seeded from a string the
 * way the `seedrandom` package's `xor4096` seeds it, so every draw is bit-identical to that package's
 * (test/core/xor4096.test.ts compares them over many seeds). Its state is one typed array: cheaper to
 * seed and to draw from, and about 600 bytes instead of an array of boxed numbers.
 */
export class Xor4096 {
  private readonly x = new Int32Array(128);
  private w = 0;
  private i = 0;

  /**
   * Seeds from `seed`'s UTF-16 code units followed by one 0 (seedrandom's string seeding: the units
   * are mixed into a 32-bit value over at least 160 steps, which fill the array together with the Weyl
   * value, then the generator runs 512 times without its Weyl step).
   */
  static fromString(seed: string): Xor4096 {
    const units = new Uint16Array(seed.length + 1);
    for (let k = 0; k < seed.length; k++) units[k] = seed.charCodeAt(k);
    return Xor4096.fromUnits(units);
  }

  /** The generator `fromString` makes from the lowercase hex of `digest` (what a hex digest seeds), without the string. */
  static fromHex(digest: Uint8Array): Xor4096 {
    const size = digest.length * 2 + 1;
    if (hexUnits.length !== size) hexUnits = new Uint16Array(size);
    const units = hexUnits;
    for (let k = 0; k < digest.length; k++) {
      const hi = digest[k]! >>> 4;
      const lo = digest[k]! & 15;
      units[2 * k] = hi < 10 ? 48 + hi : 87 + hi;
      units[2 * k + 1] = lo < 10 ? 48 + lo : 87 + lo;
    }
    return Xor4096.fromUnits(units);
  }

  /** `units`: the seed's code units, its final 0 included. */
  private static fromUnits(units: Uint16Array): Xor4096 {
    const g = new Xor4096();
    const x = g.x;
    const n = units.length;
    const limit = n > 128 ? n : 128;
    let v = 0;
    let w = 0;
    let zeros = 0;
    let k = 0; // (j + 32) mod n
    for (let j = -32; j < limit; ++j) {
      v ^= units[k]!;
      if (++k === n) k = 0;
      if (j === 0) w = v;
      v ^= v << 10;
      v ^= v >>> 15;
      v ^= v << 4;
      v ^= v >>> 13;
      if (j >= 0) {
        w = (w + 0x61c88647) | 0;
        const t = (x[j & 127]! ^= (v + w) | 0);
        zeros = t === 0 ? zeros + 1 : 0;
      }
    }
    if (zeros >= 128) x[n & 127] = -1; // an all-zero state would stay zero
    let i = 127;
    for (let r = 512; r > 0; --r) {
      let a = x[(i + 34) & 127]!;
      i = (i + 1) & 127;
      let b = x[i]!;
      a ^= a << 13;
      b ^= b << 17;
      a ^= a >>> 15;
      b ^= b >>> 12;
      x[i] = a ^ b;
    }
    g.w = w;
    g.i = i;
    return g;
  }

  /** The next 32 bits, as a signed integer (seedrandom's `int32`). */
  int32(): number {
    const x = this.x;
    const w = (this.w = (this.w + 0x61c88647) | 0);
    let a = x[(this.i + 34) & 127]!;
    const i = (this.i = (this.i + 1) & 127);
    let b = x[i]!;
    a ^= a << 13;
    b ^= b << 17;
    a ^= a >>> 15;
    b ^= b >>> 12;
    const v = (x[i] = a ^ b);
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /** Uniform in (0, 1) from two draws, 53 bits (seedrandom's `double`). */
  double(): number {
    for (;;) {
      const top = this.int32() >>> 11;
      const bot = (this.int32() >>> 0) / 0x100000000;
      const r = (top + bot) / 0x200000;
      if (r !== 0) return r;
    }
  }
}
