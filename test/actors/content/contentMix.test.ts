import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStreams } from '../../../sim/core/index.ts';
import { drawMessage, hasEnhancedParts, type ContentMix } from '../../../sim/actors/content/contentMix.ts';
import { compose } from '../../../sim/content/index.ts';

const none: ContentMix = { richText: 0, image: 0, reaction: 0, reply: 0, edit: 0, delete: 0, expiry: 0, custom: 0, images: { mediaTypes: ['image/png'], minBytes: 10, maxBytes: 20 }, customTypes: ['application/x-a'] };
const KINDS = ['richText', 'image', 'reaction', 'reply', 'edit', 'delete', 'expiry', 'custom'] as const;

test('a mix has enhanced parts exactly when some kind has a positive share', () => {
  assert.equal(hasEnhancedParts(none), false);
  for (const k of KINDS) {
    assert.equal(hasEnhancedParts({ ...none, [k]: 0.01 }), true, k);
    assert.equal(hasEnhancedParts({ ...none, [k]: -1 }), false, k);
  }
});

test('with no enhanced parts a message is the basic text alone and draws nothing', () => {
  const rng = new RandomStreams('mix').stream('a');
  const twin = new RandomStreams('mix').stream('a');
  assert.deepEqual(drawMessage('m1', 'hello', rng, none, 'm0'), compose('m1', 'hello'));
  assert.equal(rng.next(), twin.next());
});
