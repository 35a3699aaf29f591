import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CBOR_MAX_DEPTH, CBOR_MAX_UINT, CBOR_MIN_NINT, DecodeError, decodeCbor, encodeCbor, type CborKey, type CborValue } from '../../sim/content/index.ts';
import { fromHex, hex } from './helpers.ts';

const map = (entries: [CborKey, CborValue][]): CborValue => new Map(entries);

test('RFC 8949 Appendix A vectors (the deterministic subset) encode and decode exactly', () => {
  const vectors: [CborValue, string][] = [
    [0, '00'],
    [1, '01'],
    [10, '0a'],
    [23, '17'],
    [24, '1818'],
    [25, '1819'],
    [100, '1864'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'],
    [18446744073709551615n, '1bffffffffffffffff'],
    [-18446744073709551616n, '3bffffffffffffffff'],
    [-1, '20'],
    [-10, '29'],
    [-100, '3863'],
    [-1000, '3903e7'],
    [false, 'f4'],
    [true, 'f5'],
    [null, 'f6'],
    [new Uint8Array(), '40'],
    [Uint8Array.from([1, 2, 3, 4]), '4401020304'],
    ['', '60'],
    ['a', '6161'],
    ['IETF', '6449455446'],
    ['"\\', '62225c'],
    ['\u00fc', '62c3bc'],
    ['\u6c34', '63e6b0b4'],
    ['\ud800\udd51', '64f0908591'],
    [[], '80'],
    [[1, 2, 3], '83010203'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [Array.from({ length: 25 }, (_, i) => i + 1), '98190102030405060708090a0b0c0d0e0f101112131415161718181819'],
    [map([]), 'a0'],
    [map([[1, 2], [3, 4]]), 'a201020304'],
    [map([['a', 1], ['b', [2, 3]]]), 'a26161016162820203'],
    [['a', map([['b', 'c']])], '826161a161626163'],
    [map([['a', 'A'], ['b', 'B'], ['c', 'C'], ['d', 'D'], ['e', 'E']]), 'a56161614161626142616361436164614461656145'],
  ];
  for (const [value, expected] of vectors) {
    assert.equal(hex(encodeCbor(value)), expected, `encode ${String(value)}`);
    assert.deepEqual(decodeCbor(fromHex(expected)), value, `decode ${expected}`);
  }
});

test('integers: a number while safe, a bigint beyond; the same bytes either way', () => {
  assert.equal(hex(encodeCbor(5n)), '05');
  assert.equal(hex(encodeCbor(-5n)), '24');
  assert.equal(decodeCbor(encodeCbor(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  assert.equal(decodeCbor(encodeCbor(-Number.MAX_SAFE_INTEGER)), -Number.MAX_SAFE_INTEGER);
  assert.equal(decodeCbor(encodeCbor(2n ** 53n)), 2n ** 53n);
  assert.equal(decodeCbor(encodeCbor(-(2n ** 53n))), -(2n ** 53n));
  assert.equal(hex(encodeCbor(0xffffffff)), '1affffffff');
  assert.equal(hex(encodeCbor(0x100000000)), '1b0000000100000000');
});

test('map keys are sorted bytewise by their encoding (RFC 8949 §4.2.1), whatever the insertion order', () => {
  // §4.2.1's own example order, restricted to integer and text keys: 10, 100, -1, "z", "aa".
  const keys: CborKey[] = ['aa', -1, 'z', 100, 10];
  const expected = 'a50a011864012001617a0162616101';
  assert.equal(hex(encodeCbor(new Map(keys.map((k) => [k, 1])))), expected);
  assert.equal(hex(encodeCbor(new Map([...keys].reverse().map((k) => [k, 1])))), expected);
  fc.assert(
    fc.property(fc.uniqueArray(fc.oneof(fc.integer(), fc.string()), { maxLength: 12 }), fc.func(fc.integer()), (ks, order) => {
      const a = new Map(ks.map((k) => [k, 0]));
      const shuffled = [...ks].sort((x, y) => order(x) - order(y) || (String(x) < String(y) ? -1 : 1));
      const b = new Map(shuffled.map((k) => [k, 0]));
      assert.equal(hex(encodeCbor(a)), hex(encodeCbor(b)));
    }),
  );
});

test('the encoder names what it cannot encode', () => {
  assert.throws(() => encodeCbor(1.5), { name: 'TypeError', message: 'cbor: value: cannot encode the non-integer number 1.5 (floats are not supported)' });
  assert.throws(() => encodeCbor([0, 2 ** 60]), { name: 'RangeError', message: 'cbor: value[1]: 1152921504606847000 is beyond 2^53-1; pass it as a bigint' });
  assert.throws(() => encodeCbor(CBOR_MAX_UINT + 1n), { name: 'RangeError', message: 'cbor: value: 18446744073709551616 does not fit a 64-bit CBOR integer' });
  assert.throws(() => encodeCbor(CBOR_MIN_NINT - 1n), { name: 'RangeError' });
  assert.throws(() => encodeCbor(new Map([['k', '\ud800']])), { name: 'RangeError', message: 'cbor: value{"k"}: text string contains a lone UTF-16 surrogate' });
  assert.throws(() => encodeCbor(new Map<CborKey, CborValue>([[1, 0], [1n, 0]])), { name: 'RangeError', message: 'cbor: value{1}: duplicate map key' });
  assert.throws(() => encodeCbor(undefined as unknown as CborValue), { name: 'TypeError', message: 'cbor: value: cannot encode undefined' });
  assert.throws(() => encodeCbor({ a: 1 } as unknown as CborValue), { name: 'TypeError', message: 'cbor: value: cannot encode object' });
  assert.throws(() => encodeCbor(new Map([[true, 1]]) as unknown as CborValue), { name: 'TypeError', message: 'cbor: value: map keys must be integers or text strings, got true' });
  let deep: CborValue = [];
  for (let i = 0; i < CBOR_MAX_DEPTH; i++) deep = [deep];
  assert.throws(() => encodeCbor(deep), { name: 'RangeError', message: /nested deeper than 64/ });
});

test('the decoder refuses non-deterministic, unsupported and malformed input with one line naming the byte', () => {
  const cases: [string, string][] = [
    ['', 'cbor: truncated: expected a data item at byte 0'],
    ['1817', 'cbor: non-deterministic encoding: argument 23 written in 1 byte(s) where a shorter form exists at byte 0'],
    ['190017', 'cbor: non-deterministic encoding: argument 23 written in 2 byte(s) where a shorter form exists at byte 0'],
    ['1b00000000ffffffff', 'cbor: non-deterministic encoding: argument 4294967295 written in 8 byte(s) where a shorter form exists at byte 0'],
    ['8201', 'cbor: truncated array: 2 declared, 1 bytes left at byte 0'],
    ['9bffffffffffffffff', 'cbor: truncated array: 18446744073709551615 declared, 0 bytes left at byte 0'],
    ['5a7fffffff', 'cbor: truncated byte string: 2147483647 declared, 0 bytes left at byte 0'],
    ['62c328', 'cbor: text string is not valid UTF-8 at byte 0'],
    ['a202000100', 'cbor: map keys out of deterministic order (RFC 8949 §4.2.1: bytewise by encoding) at byte 3'],
    ['a201000100', 'cbor: duplicate map key at byte 3'],
    ['a1400000', 'cbor: map keys must be integers or text strings at byte 1'],
    ['5f4101ff', 'cbor: indefinite-length item (not deterministic, RFC 8949 §4.2.1) at byte 0'],
    ['1f', 'cbor: additional information 31 with major type 0 at byte 0'],
    ['1c', 'cbor: reserved additional information 28 at byte 0'],
    ['c100', 'cbor: tags are not supported at byte 0'],
    ['f93c00', 'cbor: floating-point numbers are not supported at byte 0'],
    ['f7', 'cbor: undefined is not supported at byte 0'],
    ['f0', 'cbor: simple value 16 is not supported at byte 0'],
    ['f820', 'cbor: simple value (1-byte) is not supported at byte 0'],
    ['ff', 'cbor: unexpected break (indefinite lengths are not allowed) at byte 0'],
    ['0000', 'cbor: 1 trailing bytes after the data item at byte 1'],
  ];
  for (const [h, message] of cases) assert.throws(() => decodeCbor(fromHex(h)), { name: 'DecodeError', message }, h);
  const deep = new Uint8Array(CBOR_MAX_DEPTH + 2).fill(0x81);
  deep[deep.length - 1] = 0x00;
  assert.throws(() => decodeCbor(deep), (e: unknown) => e instanceof DecodeError && e instanceof RangeError && /nested deeper than 64/.test(e.message));
  assert.throws(() => decodeCbor('a0' as unknown as Uint8Array), { name: 'TypeError' });
  // A byte-order mark is content, not a signal to strip.
  assert.equal(decodeCbor(fromHex('63efbbbf')), '\ufeff');
});

// Arbitrary values of the supported data model; bigints only where a number would not do.
const bigOutsideSafe = fc.oneof(fc.bigInt({ min: 2n ** 53n, max: CBOR_MAX_UINT }), fc.bigInt({ min: CBOR_MIN_NINT, max: -(2n ** 53n) }));
const key: fc.Arbitrary<CborKey> = fc.oneof(fc.maxSafeInteger(), fc.string({ unit: 'binary', maxLength: 8 }), bigOutsideSafe);
const { value: cborValue } = fc.letrec<{ value: CborValue; array: CborValue; map: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.maxSafeInteger(),
    fc.integer({ min: -300, max: 300 }),
    bigOutsideSafe,
    fc.string({ unit: 'binary', maxLength: 16 }),
    fc.uint8Array({ maxLength: 16 }),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('map'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.uniqueArray(fc.tuple(key, tie('value')), { selector: ([k]) => `${typeof k}:${String(k)}`, maxLength: 4 }).map((entries) => new Map(entries)),
}));

test('property: decode(encode(v)) equals v, and re-encoding gives the same bytes', () => {
  fc.assert(
    fc.property(cborValue, (v) => {
      const bytes = encodeCbor(v);
      const back = decodeCbor(bytes);
      assert.deepEqual(back, v);
      assert.equal(hex(encodeCbor(back)), hex(bytes));
    }),
  );
});

/** Decoding either succeeds on exactly the bytes the encoder would write, or throws a DecodeError. */
function decodesStrictlyOrRefuses(bytes: Uint8Array): void {
  let value: CborValue;
  try {
    value = decodeCbor(bytes);
  } catch (e) {
    assert.ok(e instanceof DecodeError, `expected a DecodeError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n'));
    return;
  }
  assert.equal(hex(encodeCbor(value)), hex(bytes));
}

test('property: random bytes never crash the decoder, and whatever it accepts is canonical', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 48 }), decodesStrictlyOrRefuses), { numRuns: 2000 });
});

test('property: truncated or bit-flipped encodings never crash the decoder', () => {
  fc.assert(
    fc.property(cborValue, fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean(), (v, at, bit, truncate) => {
      const bytes = encodeCbor(v);
      if (bytes.length === 0) return;
      const i = at % bytes.length;
      const mutated = truncate ? bytes.slice(0, i) : bytes.slice();
      if (!truncate) mutated[i] = (mutated[i] as number) ^ (1 << bit);
      decodesStrictlyOrRefuses(mutated);
    }),
    { numRuns: 500 },
  );
});
