import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  basicText,
  compose,
  custom,
  deletion,
  describePart,
  edit,
  enhancedParts,
  expiry,
  image,
  intendedParts,
  message,
  parseMessage,
  parsePart,
  reaction,
  reply,
  richText,
  text,
} from '../../sim/content/index.ts';

test('compose puts the basic text part first, then the enhanced parts', () => {
  const m = compose('m20', 'look', [image({ mediaType: 'image/jpeg', width: 1200, height: 800, byteSize: 48_000 })]);
  assert.deepEqual(m, {
    id: 'm20',
    parts: [
      { kind: 'text', text: 'look' },
      { kind: 'image', mediaType: 'image/jpeg', width: 1200, height: 800, byteSize: 48_000 },
    ],
  });
  assert.deepEqual(basicText(m), { kind: 'text', text: 'look' });
  assert.equal(enhancedParts(m).length, 1);
  assert.deepEqual(intendedParts(m), enhancedParts(m));
  assert.deepEqual(intendedParts(compose('m1', 'hi')), [{ kind: 'text', text: 'hi' }]);
});

test('every part kind has a one-line textual rendering', () => {
  const jxl = new Uint8Array(3);
  assert.deepEqual(
    [
      text('hi'),
      richText('markdown', '**hi**'),
      image({ mediaType: 'image/jxl', width: 1200, height: 800, byteSize: 10 }),
      reaction('👍', 'm12'),
      reply('m12', 'sure'),
      edit('m12', 'fixed typo'),
      deletion('m12'),
      expiry(3600, 'read'),
      custom('application/vnd.poll+json', jxl),
    ].map(describePart),
    ['hi', '[rich text markdown, 6 chars]', '[image 1200x800 image/jxl]', '[reaction 👍 to m12]', '[reply to m12] sure', '[edit of m12] fixed typo', '[delete m12]', '[disappears 3600 s after read]', '[application/vnd.poll+json, 3 bytes]'],
  );
});

test('parts are validated at the boundary with one line naming the field', () => {
  const cases: [() => unknown, string, string][] = [
    [() => parsePart(null), 'TypeError', 'part: expected an object, got null'],
    [() => parsePart({ kind: 'gif' }), 'RangeError', "part.kind: expected one of 'text', 'rich-text', 'image', 'reaction', 'reply', 'edit', 'delete', 'expiry', 'custom', got \"gif\""],
    [() => parsePart({ kind: 'text', text: 'a', bold: true }), 'RangeError', 'part.bold: unknown field for a text part'],
    [() => text(7 as unknown as string), 'TypeError', 'text.text: expected a string, got 7'],
    [() => text('\ud83d'), 'RangeError', 'text.text: contains a lone UTF-16 surrogate'],
    [() => text('x'.repeat(65_537)), 'RangeError', 'text.text: at most 65536 characters, got 65537'],
    [() => richText('rtf' as 'html', 'x'), 'RangeError', "rich-text.format: expected one of 'markdown', 'html', got \"rtf\""],
    [() => richText('html', '<b>ok</b><script>x</script>'), 'RangeError', 'rich-text.source: tag <script> is not in the HTML subset (a, b, blockquote, br, code, em, i, li, ol, p, pre, s, strong, u, ul)'],
    [() => image({ mediaType: 'image/PNG', width: 1, height: 1, byteSize: 1 }), 'RangeError', 'image.mediaType: expected a lowercase type/subtype such as "image/png", got "image/PNG"'],
    [() => image({ mediaType: 'video/mp4', width: 1, height: 1, byteSize: 1 }), 'RangeError', 'image.mediaType: expected an image/* type, got "video/mp4"'],
    [() => image({ mediaType: 'image/png', width: 0, height: 1, byteSize: 1 }), 'RangeError', 'image.width: expected 1..65535, got 0'],
    [() => image({ mediaType: 'image/png', width: 1, height: 1.5, byteSize: 1 }), 'TypeError', 'image.height: expected an integer, got 1.5'],
    [() => image({ mediaType: 'image/png', width: 1, height: 1, byteSize: 2 ** 27 }), 'RangeError', 'image.byteSize: expected 1..67108864, got 134217728'],
    [() => reaction('', 'm1'), 'RangeError', 'reaction.emoji: empty'],
    [() => reaction('thumbs up', 'm1'), 'RangeError', 'reaction.emoji: expected a single emoji without spaces or control characters, got "thumbs up"'],
    [() => reaction('👍', ''), 'RangeError', 'reaction.target: empty'],
    [() => reply('x'.repeat(129), 'a'), 'RangeError', 'reply.target: at most 128 characters, got 129'],
    [() => expiry(0, 'send'), 'RangeError', 'expiry.seconds: expected 1..4294967295, got 0'],
    [() => expiry(60, 'open' as 'send'), 'RangeError', "expiry.start: expected one of 'send', 'read', got \"open\""],
    [() => custom('jxl', new Uint8Array()), 'RangeError', 'custom.mediaType: expected a lowercase type/subtype such as "image/png", got "jxl"'],
    [() => custom('image/jxl', [1, 2] as unknown as Uint8Array), 'TypeError', 'custom.data: expected a Uint8Array, got an array'],
  ];
  for (const [f, name, msg] of cases) assert.throws(f, { name, message: msg });
});

test('messages: at most one basic text part and one of each semantic kind, no self-reference', () => {
  const cases: [unknown, string, string][] = [
    [{ id: 'm1', parts: [] }, 'RangeError', 'message.parts: empty'],
    [{ id: 'm1', parts: 'hi' }, 'TypeError', 'message.parts: expected an array, got "hi"'],
    [{ id: '', parts: [text('a')] }, 'RangeError', 'message.id: empty'],
    [{ id: 'm1', parts: [text('a')], sender: 'bob' }, 'RangeError', 'message.sender: unknown field'],
    [{ id: 'm1', parts: [text('a'), image({ mediaType: 'image/png', width: 1, height: 1, byteSize: 1 }), text('b')] }, 'RangeError', 'message.parts[2]: a message holds at most one text part (another at parts[0])'],
    [{ id: 'm1', parts: [reaction('👍', 'm0'), reaction('👎', 'm0')] }, 'RangeError', 'message.parts[1]: a message holds at most one reaction part (another at parts[0])'],
    [{ id: 'm1', parts: [text(''), edit('m0', 'x'), deletion('m0')] }, 'RangeError', 'message.parts: a message cannot both edit and delete'],
    [{ id: 'm1', parts: [text(''), reply('m1', 'me')] }, 'RangeError', 'message.parts[1].target: a message cannot refer to itself (m1)'],
    [{ id: 'm1', parts: Array.from({ length: 65 }, () => richText('markdown', 'x')) }, 'RangeError', 'message.parts: at most 64 parts, got 65'],
    [{ id: 'm1', parts: [{ kind: 'image', mediaType: 'image/png', width: 1, height: 1 }] }, 'TypeError', 'message.parts[0].byteSize: expected an integer, got undefined'],
  ];
  for (const [value, name, msg] of cases) assert.throws(() => parseMessage(value), { name, message: msg });
  // Several images or rich-text alternatives are fine; so is a message without a basic text part.
  assert.equal(message('m2', [reaction('👍', 'm1')]).parts.length, 1);
  const two = image({ mediaType: 'image/png', width: 2, height: 2, byteSize: 9 });
  assert.equal(compose('m3', '', [two, two, richText('html', '<b>a</b>'), richText('markdown', '*a*')]).parts.length, 5);
});

test('construction copies its input: later mutation of the caller’s objects changes nothing', () => {
  const data = Uint8Array.from([1, 2, 3]);
  const input = { id: 'm1', parts: [{ kind: 'text', text: 'a' }, { kind: 'custom', mediaType: 'application/x', data }] };
  const m = parseMessage(input);
  data[0] = 9;
  (input.parts[0] as { text: string }).text = 'changed';
  assert.deepEqual(m.parts, [{ kind: 'text', text: 'a' }, { kind: 'custom', mediaType: 'application/x', data: Uint8Array.from([1, 2, 3]) }]);
});

test('compose of the basic text alone gives what the full validation gives, value and errors alike', () => {
  const ids: unknown[] = ['m1', 'x'.repeat(128), '', 'x'.repeat(129), 'lone \ud800', 7, undefined];
  const bodies: unknown[] = ['', 'hi there', 'é中😀', 'x'.repeat(65_536), 'x'.repeat(65_537), 'lone \udc00', 3, null];
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (e) {
      return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
    }
  };
  for (const id of ids)
    for (const body of bodies) {
      const fast = outcome(() => compose(id as string, body as string));
      // The whole validation: the text part made as a record to parse, then the message parsed.
      const full = outcome(() => message(id as string, [parsePart({ kind: 'text', text: body }, 'text')]));
      assert.deepEqual(fast, full, `${String(id).slice(0, 10)} / ${String(body).slice(0, 10)}`);
    }
  assert.deepEqual(text('ok'), parsePart({ kind: 'text', text: 'ok' }));
});
