import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  clientCapabilities,
  CONTENT_CAPABILITIES_EXTENSION_TYPE,
  contentCapabilitiesExtension,
  custom,
  DecodeError,
  decodeContentCapabilities,
  deletion,
  encodeContentCapabilities,
  expiry,
  image,
  reaction,
  richText,
  supports,
  text,
} from '../../sim/content/index.ts';
import { arbitraryCapabilities, caps, FULL, fromHex, hex, LEGACY, NO_IMAGES } from './helpers.ts';

test('capabilities are validated and put in canonical order (ciphersuites keep their preference order)', () => {
  const c = clientCapabilities({ mediaTypes: ['text/markdown', 'image/png'], partKinds: ['expiry', 'reaction'], extensions: [0xf0a1, 2], ciphersuites: [83, 1], honorsExpiry: true });
  assert.deepEqual(c, { mediaTypes: ['image/png', 'text/markdown'], partKinds: ['reaction', 'expiry'], extensions: [2, 0xf0a1], ciphersuites: [83, 1], honorsExpiry: true });
  const base = { mediaTypes: [], partKinds: [], extensions: [], ciphersuites: [1], honorsExpiry: false };
  const cases: [unknown, string, string][] = [
    [{ ...base, mediaTypes: ['image/png', 'image/png'] }, 'RangeError', 'capabilities.mediaTypes[1]: duplicate "image/png"'],
    [{ ...base, partKinds: ['gif'] }, 'RangeError', "capabilities.partKinds[0]: expected one of 'reaction', 'reply', 'edit', 'delete', 'expiry', got \"gif\""],
    [{ ...base, honorsExpiry: true }, 'RangeError', "capabilities.honorsExpiry: true needs 'expiry' in partKinds"],
    [{ ...base, honorsExpiry: 'yes' }, 'TypeError', 'capabilities.honorsExpiry: expected a boolean, got "yes"'],
    [{ ...base, ciphersuites: [] }, 'RangeError', 'capabilities.ciphersuites: empty'],
    [{ ...base, ciphersuites: [1, 0x10000] }, 'RangeError', 'capabilities.ciphersuites[1]: expected 1..65535, got 65536'],
    [{ ...base, extensions: [3, 3] }, 'RangeError', 'capabilities.extensions[1]: duplicate 3'],
    [{ ...base, codecs: [] }, 'RangeError', 'capabilities.codecs: unknown field'],
  ];
  for (const [value, name, message] of cases) assert.throws(() => clientCapabilities(value), { name, message });
});

test('support: basic text always, media-typed parts by media type, semantic parts by kind', () => {
  const png = image({ mediaType: 'image/png', width: 1, height: 1, byteSize: 1 });
  const jxl = image({ mediaType: 'image/jxl', width: 1, height: 1, byteSize: 1 });
  const parts = [text('a'), richText('markdown', '*a*'), richText('html', '<b>a</b>'), png, jxl, reaction('👍', 'm1'), deletion('m1'), expiry(5, 'send'), custom('application/vnd.poll+json', new Uint8Array())];
  assert.deepEqual(parts.map((p) => supports(FULL, p)), [true, true, true, true, false, true, true, true, false]);
  assert.deepEqual(parts.map((p) => supports(NO_IMAGES, p)), [true, true, true, false, false, true, true, true, false]);
  assert.deepEqual(parts.map((p) => supports(LEGACY, p)), [true, false, false, false, false, false, false, false, false]);
  const mdOnly = caps({ mediaTypes: ['application/vnd.poll+json', 'text/markdown'] });
  assert.deepEqual(parts.map((p) => supports(mdOnly, p)), [true, true, false, false, false, false, false, false, true]);
});

test('the leaf-node extension: type 0xF0A1 and its documented bytes', () => {
  const c = { mediaTypes: ['text/markdown', 'image/png'], partKinds: ['expiry', 'reaction'], honorsExpiry: true };
  const ext = contentCapabilitiesExtension(caps(c));
  assert.equal(ext.type, CONTENT_CAPABILITIES_EXTENSION_TYPE);
  assert.equal(ext.type, 0xf0a1);
  // version 1 | media_types<V>: 24 bytes = 0x18 | 9 "image/png" | 13 "text/markdown" | bits reaction(0)+expiry(4) = 0x11 | honors 1
  assert.equal(hex(ext.data), '01' + '18' + '09' + hex(new TextEncoder().encode('image/png')) + '0d' + hex(new TextEncoder().encode('text/markdown')) + '11' + '01');
  assert.deepEqual(decodeContentCapabilities(ext.data), { mediaTypes: ['image/png', 'text/markdown'], partKinds: ['reaction', 'expiry'], honorsExpiry: true });
  assert.equal(hex(encodeContentCapabilities(LEGACY)), '01000000');
  // Lengths of 64 or more take the 2-byte varint form.
  const many = caps({ mediaTypes: Array.from({ length: 8 }, (_, i) => `image/x-codec-${i}`) });
  const bytes = encodeContentCapabilities(many);
  assert.equal(hex(bytes.subarray(0, 3)), '014080');
  assert.deepEqual(decodeContentCapabilities(bytes).mediaTypes, many.mediaTypes);
});

test('the extension is encoded once per capabilities object, frozen; an equal object encodes the same bytes', () => {
  const c = caps({ mediaTypes: ['image/png'], partKinds: ['reaction'], honorsExpiry: false });
  const ext = contentCapabilitiesExtension(c);
  assert.equal(contentCapabilitiesExtension(c), ext, 'the same extension for the same object');
  assert.ok(Object.isFrozen(ext));
  const twin = contentCapabilitiesExtension({ ...c });
  assert.notEqual(twin, ext);
  assert.deepEqual(twin, ext);
  assert.notDeepEqual(contentCapabilitiesExtension({ ...c, honorsExpiry: true, partKinds: ['reaction', 'expiry'] }).data, ext.data);
});

test('malformed or non-canonical extension data is a DecodeError naming the problem', () => {
  const png = '09' + hex(new TextEncoder().encode('image/png'));
  const jpg = '0a' + hex(new TextEncoder().encode('image/jpeg'));
  const cases: [string, string][] = [
    ['', 'content capabilities: truncated: expected version at byte 0'],
    ['02000000', 'content capabilities: unsupported version 2 at byte 0'],
    ['01400000', 'content capabilities: non-minimal length encoding of media_types at byte 1'],
    ['01c0000000', 'content capabilities: invalid varint prefix 0b11 in the length of media_types at byte 1'],
    ['010b' + png, 'content capabilities: truncated media_types: 11 bytes declared, 10 left at byte 1'],
    ['0115' + png + jpg + '0000', 'content capabilities: media types not strictly ascending ("image/png" then "image/jpeg") at byte 12'],
    ['0114' + png + png + '0000', 'content capabilities: media types not strictly ascending ("image/png" then "image/png") at byte 12'],
    ['01030241200000', 'content capabilities: media type is not printable ASCII at byte 2'],
    ['0103024142' + '0000', 'content capabilities: capabilities.mediaTypes[0]: expected a lowercase type/subtype such as "image/png", got "AB"'],
    ['010020' + '00', 'content capabilities: unknown part kind bits 0x20 at byte 2'],
    ['01000002', 'content capabilities: honors_expiry must be 0 or 1, got 2 at byte 3'],
    ['01000001', "content capabilities: capabilities.honorsExpiry: true needs 'expiry' in partKinds"],
    ['0100000000', 'content capabilities: 1 trailing bytes at byte 4'],
    ['010000', 'content capabilities: truncated: expected honors_expiry at byte 3'],
  ];
  for (const [h, message] of cases) assert.throws(() => decodeContentCapabilities(fromHex(h)), { name: 'DecodeError', message }, h);
});

test('property: capabilities round-trip through the extension, and damaged data never crashes', () => {
  fc.assert(
    fc.property(arbitraryCapabilities, fc.nat(), fc.integer({ min: 0, max: 7 }), (c, at, bit) => {
      const data = encodeContentCapabilities(c);
      assert.deepEqual(decodeContentCapabilities(data), { mediaTypes: c.mediaTypes, partKinds: c.partKinds, honorsExpiry: c.honorsExpiry });
      const damaged = data.slice();
      damaged[at % data.length] = (damaged[at % data.length] as number) ^ (1 << bit);
      try {
        const back = decodeContentCapabilities(damaged);
        assert.equal(hex(encodeContentCapabilities(back)), hex(damaged));
      } catch (e) {
        assert.ok(e instanceof DecodeError, `expected a DecodeError, got ${String(e)}`);
      }
    }),
    { numRuns: 300 },
  );
});
