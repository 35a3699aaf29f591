/** Scratch for a seed's code units (read only while seeding), kept between seedings. */
let seedUnits = new Uint16Array(65);

// Generators' states are cut from shared slabs: a typed array of its own is a backing store outside
// V8's heap (128 words is above the size V8 keeps inside it), which costs more to allocate and to
// collect than seeding it; a view of a slab costs an object. A slab lives while any of its views does.
const STATE_WORDS = 128;
const SLAB_STATES = 256;
let slab = new Int32Array(0);
let slabNext = 0;

function newState(): Int32Array {
  if (slabNext === slab.length) {
    slab = new Int32Array(STATE_WORDS * SLAB_STATES);
    slabNext = 0;
  }
  return slab.subarray(slabNext, (slabNext += STATE_WORDS));
}

/**
 * Brent's xorgens xor4096 (R. P. Brent, "Some long-period random number generators using shifts and
 * xors", 2010: a 4096-bit xorshift generator combined with a Weyl sequence), seeded from a string the
 * way the `seedrandom` package's `xor4096` seeds it, so every draw is bit-identical to that package's
 * (test/core/xor4096.test.ts compares them over many seeds). Its state is 128 words of a typed array:
 * cheaper to seed and to draw from, and about 600 bytes instead of an array of boxed numbers.
 */
export class Xor4096 {
  private w = 0;
  private i = 0;

  private constructor(private readonly x: Int32Array) {}

  /**
   * Seeds from `seed`'s UTF-16 code units followed by one 0 (seedrandom's string seeding: the units
   * are mixed into a 32-bit value over at least 160 steps, which fill the array together with the Weyl
   * value, then the generator runs 512 times without its Weyl step).
   */
  static fromString(seed: string): Xor4096 {
    const units = unitsOf(seed.length + 1);
    for (let k = 0; k < seed.length; k++) units[k] = seed.charCodeAt(k);
    units[seed.length] = 0;
    return Xor4096.fromUnits(units);
  }

  /** The generator `fromString` makes from the lowercase hex of `digest` (what a hex digest seeds), without the string. */
  static fromHex(digest: Uint8Array): Xor4096 {
    const units = unitsOf(digest.length * 2 + 1);
    for (let k = 0; k < digest.length; k++) {
      const hi = digest[k]! >>> 4;
      const lo = digest[k]! & 15;
      units[2 * k] = hi < 10 ? 48 + hi : 87 + hi;
      units[2 * k + 1] = lo < 10 ? 48 + lo : 87 + lo;
    }
    units[digest.length * 2] = 0;
    return Xor4096.fromUnits(units);
  }

  /**
   * The generator `fromString` makes from the lowercase hex of a digest given as a latin1 string (one
   * character per byte, what node:crypto returns cheapest), without the hex string.
   */
  static fromLatin1Digest(digest: string): Xor4096 {
    const units = unitsOf(digest.length * 2 + 1);
    for (let k = 0; k < digest.length; k++) {
      const c = digest.charCodeAt(k);
      units[2 * k] = hexDigit(c >>> 4);
      units[2 * k + 1] = hexDigit(c & 15);
    }
    units[digest.length * 2] = 0;
    return Xor4096.fromUnits(units);
  }

  /** `units`: the seed's code units, its final 0 included. */
  private static fromUnits(units: Uint16Array): Xor4096 {
    const x = newState();
    const n = units.length;
    const limit = n > STATE_WORDS ? n : STATE_WORDS;
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
    // 512 steps of the generator without its Weyl step, from i = 127: step r writes word r mod 128
    // from itself and word (r + 33) mod 128, so four passes over the array, each split where that
    // second index wraps (no masking; the same order of writes).
    for (let pass = 0; pass < 4; pass++) {
      for (let r = 0; r < 95; r++) {
        let a = x[r + 33]!;
        let b = x[r]!;
        a ^= a << 13;
        b ^= b << 17;
        a ^= a >>> 15;
        b ^= b >>> 12;
        x[r] = a ^ b;
      }
      for (let r = 95; r < 128; r++) {
        let a = x[r - 95]!;
        let b = x[r]!;
        a ^= a << 13;
        b ^= b << 17;
        a ^= a >>> 15;
        b ^= b >>> 12;
        x[r] = a ^ b;
      }
    }
    const g = new Xor4096(x);
    g.w = w;
    g.i = 127;
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

/** The scratch, `length` units long (a hex digest's seed is always the same length: no allocation then). */
function unitsOf(length: number): Uint16Array {
  if (seedUnits.length !== length) seedUnits = new Uint16Array(length);
  return seedUnits;
}

/** The code of `d`'s lowercase hex digit (0-15), without a branch: digits are random, a branch mispredicts. */
function hexDigit(d: number): number {
  return 48 + d + (((9 - d) >> 31) & 39);
}
