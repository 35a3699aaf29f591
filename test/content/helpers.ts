import fc from 'fast-check';
import { clientCapabilities, type ClientCapabilities, type Message, parseMessage, type SemanticKind } from '../../sim/content/index.ts';

const ALL_KINDS: SemanticKind[] = ['reaction', 'reply', 'edit', 'delete', 'expiry'];

export function caps(over: Partial<{ mediaTypes: string[]; partKinds: string[]; honorsExpiry: boolean; ciphersuites: number[]; extensions: number[] }> = {}): ClientCapabilities {
  return clientCapabilities({ mediaTypes: [], partKinds: [], extensions: [], ciphersuites: [1], honorsExpiry: false, ...over });
}

/** Renders everything the tests send except new codecs (image/jxl, custom types). */
export const FULL = caps({ mediaTypes: ['image/jpeg', 'image/png', 'text/html', 'text/markdown'], partKinds: ALL_KINDS, honorsExpiry: true });
/** As FULL without images. */
export const NO_IMAGES = caps({ mediaTypes: ['text/html', 'text/markdown'], partKinds: ALL_KINDS, honorsExpiry: true });
/** As FULL without reactions. */
export const NO_REACTIONS = caps({ mediaTypes: ['image/jpeg', 'image/png', 'text/html', 'text/markdown'], partKinds: ['reply', 'edit', 'delete', 'expiry'], honorsExpiry: true });
/** Shows expiry timers but keeps the messages (a non-compliant client). */
export const KEEPS_EXPIRED = caps({ mediaTypes: ['image/jpeg', 'image/png', 'text/html', 'text/markdown'], partKinds: ALL_KINDS, honorsExpiry: false });
/** Basic text only. */
export const LEGACY = caps();
/** FULL plus the new codec. */
export const EARLY_ADOPTER = caps({ mediaTypes: ['image/jpeg', 'image/jxl', 'image/png', 'text/html', 'text/markdown'], partKinds: ALL_KINDS, honorsExpiry: true });

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

// Arbitrary valid messages: each semantic kind at most once, never edit and delete together.
const id = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
const str = fc.string({ unit: 'binary', maxLength: 20 });
const mediaSub = fc.stringMatching(/^[a-z0-9][a-z0-9.+-]{0,8}$/);
const imagePart = fc.record({ kind: fc.constant('image'), mediaType: mediaSub.map((s) => `image/${s}`), width: fc.integer({ min: 1, max: 65535 }), height: fc.integer({ min: 1, max: 65535 }), byteSize: fc.integer({ min: 1, max: 64 }) });
const richPart = fc.oneof(
  fc.record({ kind: fc.constant('rich-text'), format: fc.constant('markdown'), source: str }),
  fc.record({ kind: fc.constant('rich-text'), format: fc.constant('html'), source: fc.constantFrom('<b>x</b>', 'a<br>b', '<p>hi</p>', 'plain') }),
);
const customPart = fc.record({ kind: fc.constant('custom'), mediaType: fc.tuple(mediaSub, mediaSub).map(([a, b]) => `${a}/${b}`), data: fc.uint8Array({ maxLength: 16 }) });
const emoji = fc.constantFrom('👍', '❤️', '😂', '🇫🇷', '👨‍👩‍👧');

export const arbitraryMessage: fc.Arbitrary<Message> = fc
  .record({
    id,
    basic: fc.option(fc.record({ kind: fc.constant('text'), text: str })),
    rich: fc.array(richPart, { maxLength: 2 }),
    images: fc.array(imagePart, { maxLength: 3 }),
    customs: fc.array(customPart, { maxLength: 2 }),
    reaction: fc.option(fc.record({ kind: fc.constant('reaction'), emoji, target: id })),
    reply: fc.option(fc.record({ kind: fc.constant('reply'), target: id, text: str })),
    change: fc.option(fc.oneof(fc.record({ kind: fc.constant('edit'), target: id, text: str }), fc.record({ kind: fc.constant('delete'), target: id }))),
    expiry: fc.option(fc.record({ kind: fc.constant('expiry'), seconds: fc.integer({ min: 1, max: 0xffffffff }), start: fc.constantFrom('send', 'read') })),
  })
  .chain((r) => {
    const parts = [r.basic, ...r.rich, ...r.images, ...r.customs, r.reaction, r.reply, r.change, r.expiry]
      .filter((p) => p !== null)
      .map((p) => ('target' in p && p.target === r.id ? { ...p, target: `${r.id}x` } : p));
    const all: unknown[] = parts.length > 0 ? parts : [{ kind: 'text', text: '' }];
    return fc.shuffledSubarray(all, { minLength: all.length }).map((shuffled) => parseMessage({ id: r.id, parts: shuffled }));
  });

export const arbitraryCapabilities: fc.Arbitrary<ClientCapabilities> = fc
  .record({
    mediaTypes: fc.uniqueArray(fc.constantFrom('image/jpeg', 'image/png', 'image/jxl', 'text/markdown', 'text/html', 'application/vnd.poll+json'), { maxLength: 6 }),
    partKinds: fc.uniqueArray(fc.constantFrom(...ALL_KINDS), { maxLength: 5 }),
    honors: fc.boolean(),
  })
  .map((r) => caps({ mediaTypes: r.mediaTypes, partKinds: r.partKinds, honorsExpiry: r.honors && r.partKinds.includes('expiry') }));
