import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonErrorOffset } from '../../sim/mlsScript/jsonErrorOffset.ts';

test('valid JSON has no error offset (agrees with JSON.parse)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (v, indent) => {
      assert.equal(jsonErrorOffset(JSON.stringify(v, null, indent)), undefined);
    }),
    { numRuns: 300 },
  );
});

test('the offset of the first bad character', () => {
  assert.equal(jsonErrorOffset('{"a": [}'), 7);
  assert.equal(jsonErrorOffset('{"a": 1,}'), 8);
  assert.equal(jsonErrorOffset('{"a": 01}'), 7);
  assert.equal(jsonErrorOffset('{"a": "x\ny"}'), 8);
  assert.equal(jsonErrorOffset('{"a": tru}'), 6);
  assert.equal(jsonErrorOffset('{"a": 1'), 7);
  assert.equal(jsonErrorOffset('[1] 2'), 4);
  assert.equal(jsonErrorOffset(''), 0);
});

test('whatever JSON.parse rejects has an offset', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (s) => {
      let valid = true;
      try {
        JSON.parse(s);
      } catch {
        valid = false;
      }
      assert.equal(jsonErrorOffset(s) === undefined, valid, JSON.stringify(s));
    }),
    { numRuns: 2000 },
  );
});
