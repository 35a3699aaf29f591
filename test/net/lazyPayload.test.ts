import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { completePayload, deferPayload, deferRange } from '../../sim/net/lazyPayload.ts';
import { payloadHash } from '../../sim/net/payloadHash.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 32);

test('a deferred payload is completed once, in place, and hashed as it is after completion', () => {
  const payload = new Uint8Array(4);
  let calls = 0;
  deferPayload(payload, () => {
    calls++;
    payload.set([1, 2, 3, 4]);
  });
  assert.equal(payloadHash(payload), sha(new Uint8Array(4))); // sent unbuilt: its hash is of the bytes as sent
  assert.equal(completePayload(payload), payload);
  assert.deepEqual([...payload], [1, 2, 3, 4]);
  assert.equal(payloadHash(payload), sha(Uint8Array.of(1, 2, 3, 4))); // sent again: the real bytes
  completePayload(payload);
  assert.equal(calls, 1);
});

test('any other payload is returned as it is', () => {
  const b = Uint8Array.of(9);
  assert.equal(completePayload(b), b);
  assert.equal(payloadHash(b), sha(b));
});

test('views of one buffer are deferred and completed each on its own, the whole completing its parts', () => {
  const whole = new Uint8Array(8);
  const a = whole.subarray(0, 4);
  const b = whole.subarray(4, 8);
  const head = whole.subarray(0, 2); // the start of `a` only: not deferred
  const done: string[] = [];
  deferPayload(a, () => (a.fill(1), done.push('a')));
  deferPayload(b, () => (b.fill(2), done.push('b')));
  deferPayload(whole, () => (completePayload(a), completePayload(b), done.push('whole')));
  assert.equal(completePayload(head), head);
  assert.deepEqual(done, []);
  completePayload(b);
  assert.deepEqual(done, ['b']);
  completePayload(whole);
  assert.deepEqual(done, ['b', 'a', 'whole']);
  assert.deepEqual([...whole], [1, 1, 1, 1, 2, 2, 2, 2]);
  completePayload(a);
  completePayload(whole);
  assert.deepEqual(done, ['b', 'a', 'whole']);
});

test('a deferred range is completed by any array viewing exactly those bytes, given that array', () => {
  const buffer = new ArrayBuffer(16);
  const within = new Uint8Array(buffer, 4, 10);
  const seen: Uint8Array[] = [];
  deferRange(within, 2, 6, (into) => (into.fill(5), seen.push(into)));
  deferRange(within, 2, 4, (into) => (into.fill(6), seen.push(into))); // same offset, another length
  const other = new Uint8Array(buffer, 6, 4); // the same bytes, another array
  const never = new Uint8Array(buffer, 6, 3); // a range never deferred
  assert.equal(completePayload(never), never);
  assert.deepEqual(seen, []);
  assert.equal(completePayload(other), other);
  assert.deepEqual(seen, [other]);
  assert.deepEqual([...new Uint8Array(buffer)], [0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0]);
  completePayload(within.subarray(2, 6));
  assert.equal(seen.length, 1, 'once');
  const two = within.subarray(2, 4);
  completePayload(two);
  assert.deepEqual(seen, [other, two]);
  assert.deepEqual([...new Uint8Array(buffer, 6, 4)], [6, 6, 5, 5]);
});

test('a range deferred with an argument is completed by its function given that argument', () => {
  const buf = new Uint8Array(6);
  const got: [number, number][] = [];
  const fill = (into: Uint8Array, v: number) => void (got.push([into.byteOffset, v]), into.fill(v));
  deferRange(buf, 0, 2, fill, 3);
  deferRange(buf, 2, 6, fill, 4);
  completePayload(buf.subarray(2, 6));
  completePayload(buf.subarray(0, 2));
  completePayload(buf.subarray(0, 2));
  assert.deepEqual(got, [[2, 4], [0, 3]]);
  assert.deepEqual([...buf], [3, 3, 4, 4, 4, 4]);
});

test('ranges deferred in any order (ascending, descending, several at one offset) are each completed once, by its own view, whatever the order of reads', async () => {
  const fc = (await import('fast-check')).default;
  fc.assert(
    fc.property(
      fc.array(fc.record({ start: fc.nat(30), len: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 25 }),
      fc.array(fc.nat(40), { maxLength: 60 }),
      (ranges, reads) => {
        const buf = new Uint8Array(64);
        // One range per (start, length): the model is a set of keys still pending.
        const pendingKeys = new Set<string>();
        const calls = new Map<string, number>();
        for (const { start, len } of ranges) {
          const key = `${start}:${len}`;
          if (pendingKeys.has(key)) continue;
          pendingKeys.add(key);
          deferRange(buf, start, start + len, (view, k: string) => {
            assert.equal(`${view.byteOffset}:${view.length}`, k);
            calls.set(k, (calls.get(k) ?? 0) + 1);
          }, key);
        }
        const keys = [...pendingKeys];
        for (const r of [...reads, ...keys.map((_, i) => i)]) {
          const key = keys[r % keys.length]!;
          const [s, l] = key.split(':').map(Number) as [number, number];
          completePayload(buf.subarray(s, s + l));
          completePayload(buf.subarray(s, s + l + 1)); // no such range: nothing happens
        }
        assert.deepEqual([...calls.keys()].sort(), keys.sort());
        assert.ok([...calls.values()].every((n) => n === 1));
      },
    ),
    { numRuns: 200 },
  );
});
