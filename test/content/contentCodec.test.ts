import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  compose,
  DecodeError,
  decodeMessage,
  encodeCbor,
  encodeMessage,
  expiry,
  fillerBytes,
  image,
  parseMessage,
  renderBytes,
  type CborKey,
  type CborValue,
  type Message,
} from '../../sim/content/index.ts';
import { messageToCbor } from '../../sim/content/contentCodec.ts';
import { arbitraryMessage, FULL, hex } from './helpers.ts';

const cbor = (entries: [CborKey, CborValue][]): Map<CborKey, CborValue> => new Map(entries);
const part = (entries: [CborKey, CborValue][]): Map<CborKey, CborValue> => cbor(entries);
const msg = (parts: CborValue[], extra: [CborKey, CborValue][] = []): Uint8Array => encodeCbor(cbor([[0, 1], [1, 'm1'], [2, parts], ...extra]));

test('a plain text message is 16 bytes of deterministic CBOR', () => {
  // {0: 1, 1: "m1", 2: [{0: 0, 1: "hi"}]}
  assert.equal(hex(encodeMessage(compose('m1', 'hi'))), 'a3' + '0001' + '01626d31' + '0281' + 'a2' + '0000' + '01626869');
});

test('an image counts with its full byte size: a filler payload of exactly byteSize bytes', () => {
  const m = compose('m20', 'look', [image({ mediaType: 'image/jpeg', width: 1200, height: 800, byteSize: 1000 })]);
  const bytes = encodeMessage(m);
  // 10 bytes of message header, 9 for the text part, 27 of image header + 1000 of payload.
  assert.equal(bytes.length, 1046);
  assert.equal(hex(bytes.subarray(19, 46)), 'a5' + '0002' + '016a696d6167652f6a706567' + '021904b0' + '03190320' + '045903e8');
  assert.deepEqual(bytes.subarray(46), fillerBytes(1000));
  assert.deepEqual(decodeMessage(bytes), m);
});

test('same message, same bytes, whatever order its fields were written in', () => {
  const a = parseMessage({ id: 'm5', parts: [{ kind: 'text', text: 'x' }, { kind: 'image', mediaType: 'image/png', width: 3, height: 4, byteSize: 5 }, { kind: 'expiry', seconds: 60, start: 'read' }] });
  const b = parseMessage({ parts: [{ text: 'x', kind: 'text' }, { byteSize: 5, height: 4, width: 3, mediaType: 'image/png', kind: 'image' }, { start: 'read', seconds: 60, kind: 'expiry' }], id: 'm5' });
  assert.equal(hex(encodeMessage(a)), hex(encodeMessage(b)));
  assert.equal(hex(encodeMessage(a)), hex(encodeMessage(decodeMessage(encodeMessage(a)))));
});

test('content that is well-formed CBOR but not a message is refused, naming the field and key', () => {
  const text = (t: CborValue): Map<CborKey, CborValue> => part([[0, 0], [1, t]]);
  const cases: [Uint8Array, string][] = [
    [encodeCbor([1]), 'content: message: expected a map, got an array'],
    [encodeCbor(cbor([[0, 1], [1, 'm1']])), 'content: message: missing key 2'],
    [msg([text('a')], [[3, 0]]), 'content: message: unknown key 3'],
    [encodeCbor(cbor([[0, 2], [1, 'm1'], [2, []]])), 'content: message.version: expected 1, got 2'],
    [encodeCbor(cbor([[0, 1], [1, 7], [2, [text('a')]]])), 'content: message.id: expected a string, got 7'],
    [msg([]), 'content: message.parts: empty'],
    [msg([part([[0, 99]])]), 'content: message.parts[0]: unknown part kind code 99'],
    [msg([part([[0, 0]])]), 'content: message.parts[0] (text): missing key 1'],
    [msg([part([[0, 0], [1, 'a'], [2, 'b']])]), 'content: message.parts[0] (text): unknown key 2'],
    [msg([part([[0, 2], [1, 'image/png'], [2, 'wide'], [3, 1], [4, new Uint8Array(1)]])]), 'content: message.parts[0].width (key 2): expected an unsigned integer below 2^53, got "wide"'],
    [msg([part([[0, 2], [1, 'image/png'], [2, 1], [3, 1], [4, new Uint8Array(0)]])]), 'content: message.parts[0].byteSize: expected 1..67108864, got 0'],
    [msg([part([[0, 7], [1, 60], [2, 5]])]), 'content: message.parts[0].start (key 2): expected 0..1 (send, read), got 5'],
    [msg([text('a'), text('b')]), 'content: message.parts[1]: a message holds at most one text part (another at parts[0])'],
    [msg([part([[0, 4], [1, 'm1'], [2, 'me']])]), 'content: message.parts[0].target: a message cannot refer to itself (m1)'],
    [msg([part([[0, 8], [1, 'x'], [2, new Uint8Array()]])]), 'content: message.parts[0].mediaType: expected a lowercase type/subtype such as "image/png", got "x"'],
    [Uint8Array.from([0xa3, 0x00]), 'cbor: truncated map: 3 declared, 1 bytes left at byte 0'],
    [Uint8Array.from([0x82, 0x81, 0x00]), 'cbor: truncated: expected a data item at byte 3'],
  ];
  for (const [bytes, message] of cases) assert.throws(() => decodeMessage(bytes), { name: 'DecodeError', message });
});

test('renderBytes turns undecodable application data into an unreadable outcome instead of an exception', () => {
  assert.deepEqual(renderBytes(Uint8Array.from([0xff]), FULL), {
    kind: 'unreadable',
    reason: 'malformed',
    detail: 'cbor: unexpected break (indefinite lengths are not allowed) at byte 0',
    lost: [],
  });
  const m = compose('m2', 'bye', [expiry(10, 'send')]);
  assert.deepEqual(renderBytes(encodeMessage(m), FULL), { kind: 'full', rendered: m.parts });
});

test('property: decodeMessage(encodeMessage(m)) is m, and its re-encoding the same bytes', () => {
  fc.assert(
    fc.property(arbitraryMessage, (m) => {
      const bytes = encodeMessage(m);
      const back = decodeMessage(bytes);
      assert.deepEqual(back, m);
      assert.equal(hex(encodeMessage(back)), hex(bytes));
    }),
    { numRuns: 200 },
  );
});

test('property: damaged message bytes give a valid message or a DecodeError, never a crash', () => {
  fc.assert(
    fc.property(arbitraryMessage, fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean(), (m, at, bit, truncate) => {
      const bytes = encodeMessage(m);
      const i = at % bytes.length;
      const damaged = truncate ? bytes.slice(0, i) : bytes.slice();
      if (!truncate) damaged[i] = (damaged[i] as number) ^ (1 << bit);
      let back: Message;
      try {
        back = decodeMessage(damaged);
      } catch (e) {
        assert.ok(e instanceof DecodeError, `expected a DecodeError, got ${String(e)}`);
        return;
      }
      assert.deepEqual(parseMessage(back), back);
    }),
    { numRuns: 300 },
  );
});

test('property: encodeMessage writes exactly the bytes the generic encoder makes of the message as CBOR maps', () => {
  fc.assert(
    fc.property(arbitraryMessage, (m) => assert.equal(hex(encodeMessage(m)), hex(encodeCbor(messageToCbor(m))))),
    { numRuns: 300 },
  );
});

test('a message that was not validated goes the generic way: the same error, naming the field', () => {
  const bad = (parts: unknown[]): Message => ({ id: 'm1', parts }) as unknown as Message;
  const cases: Message[] = [
    bad([{ kind: 'text', text: 'a\ud800' }]),
    bad([{ kind: 'image', mediaType: 'image/png', width: 1.5, height: 2, byteSize: 3 }]),
    bad([{ kind: 'expiry', seconds: 60, start: 'later' }]),
    bad([{ kind: 'custom', mediaType: 'image/jxl', data: 'not bytes' }]),
    bad([{ kind: 'text' }]),
  ];
  for (const m of cases) {
    let generic: unknown, direct: unknown;
    try {
      generic = hex(encodeCbor(messageToCbor(m)));
    } catch (e) {
      generic = (e as Error).message;
    }
    try {
      direct = hex(encodeMessage(m));
    } catch (e) {
      direct = (e as Error).message;
    }
    assert.equal(direct, generic);
  }
  assert.throws(() => encodeMessage(bad([{ kind: 'text', text: 'a\ud800' }])), /cbor: value\{2\}\[0\]\{1\}: text string contains a lone UTF-16 surrogate/);
});
