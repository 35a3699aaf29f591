import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { RandomStreams } from '../../sim/core/randomStreams.ts';
import { Xor4096 } from '../../sim/core/xor4096.ts';

// seedrandom's xor4096 is the reference: every preset's digest was made with it.

test('xor4096 gives seedrandom xor4096 draws bit for bit, over many string seeds', () => {
  const seeds = ['', 'a', '0', 'interop-sim', '\u00e9\u4e2d\ud83d\ude00', 'x'.repeat(127), 'y'.repeat(128), 'z'.repeat(129), 'long '.repeat(90)];
  for (let s = 0; s < 300; s++) seeds.push(`seed-${s}-${'q'.repeat(s % 150)}`);
  for (const seed of seeds) {
    const ref = seedrandom.xor4096(seed);
    const own = Xor4096.fromString(seed);
    for (let k = 0; k < 300; k++) {
      // Interleaved as the simulator draws: doubles (two words each) and single words.
      if (k % 3 === 2) assert.equal(own.int32(), ref.int32(), `seed ${JSON.stringify(seed)} draw ${k}`);
      else assert.equal(own.double(), ref.double(), `seed ${JSON.stringify(seed)} draw ${k}`);
    }
  }
});

test('xor4096 seeded from a digest equals seeding from its lowercase hex', () => {
  for (let s = 0; s < 200; s++) {
    const digest = createHash('sha256').update(`d${s}`).digest();
    const a = Xor4096.fromHex(digest);
    const b = Xor4096.fromString(digest.toString('hex'));
    for (let k = 0; k < 50; k++) assert.equal(a.int32(), b.int32());
  }
});

test('xor4096 seeded from a latin1 digest string equals seeding from its lowercase hex', () => {
  for (let s = 0; s < 200; s++) {
    const digest = createHash('sha256').update(`l${s}`).digest();
    const a = Xor4096.fromLatin1Digest(digest.toString('latin1'));
    const b = Xor4096.fromString(digest.toString('hex'));
    for (let k = 0; k < 50; k++) assert.equal(a.int32(), b.int32());
  }
});

test('many generators alive at once (their states share slabs) each draw their own sequence, interleaved', () => {
  const n = 700; // more than two slabs of states
  const own = Array.from({ length: n }, (_, s) => Xor4096.fromString(`many-${s}`));
  const ref = Array.from({ length: n }, (_, s) => seedrandom.xor4096(`many-${s}`));
  for (let round = 0; round < 300; round++) {
    for (let s = round % 7; s < n; s += 1 + (round % 5)) {
      const a = own[s]!.int32();
      const b = ref[s]!.int32();
      if (a !== b) assert.fail(`generator ${s}, round ${round}: ${a} !== ${b}`);
    }
  }
});

test('xor4096 draws stay equal far into the sequence (the 128-word state wraps many times)', () => {
  const ref = seedrandom.xor4096('far');
  const own = Xor4096.fromString('far');
  for (let k = 0; k < 100_000; k++) {
    const a = own.int32();
    const b = ref.int32();
    if (a !== b) assert.fail(`draw ${k}: ${a} !== ${b}`);
  }
});

test('named streams draw what the seedrandom-based streams drew (SHA-256 hex seed), every distribution', () => {
  for (let s = 0; s < 100; s++) {
    const master = `m${s % 7}`;
    const name = `net/link/p${s}>d${s * 31}`;
    const ref = seedrandom.xor4096(createHash('sha256').update(`interop-sim/v1\0${master}\0${name}`).digest('hex'));
    const stream = new RandomStreams(master).stream(name);
    for (let k = 0; k < 20; k++) assert.equal(stream.next(), ref.double());
    const words = stream.bytes(8);
    const w0 = ref.int32();
    const w1 = ref.int32();
    assert.deepEqual([...words], [w0 & 255, (w0 >>> 8) & 255, (w0 >>> 16) & 255, w0 >>> 24, w1 & 255, (w1 >>> 8) & 255, (w1 >>> 16) & 255, w1 >>> 24]);
    assert.equal(stream.int(0, 99), Math.floor(ref.double() * 100));
  }
});
