import type { RandomStream } from '../../core/index.ts';
import { compose, custom, deletion, edit, expiry, image, reaction, reply, richText, type Message, type Part } from '../../content/index.ts';

/** Per message, the probability of each enhanced part; the basic text part is always there. */
export interface ContentMix {
  readonly richText: number;
  readonly image: number;
  readonly reaction: number;
  readonly reply: number;
  readonly edit: number;
  readonly delete: number;
  readonly expiry: number;
  readonly custom: number;
  readonly images: { readonly mediaTypes: readonly string[]; readonly minBytes: number; readonly maxBytes: number };
  /** Media types of custom parts (e.g. a new image codec few clients know). */
  readonly customTypes: readonly string[];
}

const EMOJI = ['👍', '❤️', '😂', '🎉', '👀'];
const SIDES = [[640, 480], [1280, 720], [1200, 800], [1920, 1080], [1080, 1350]] as const;

export const hasEnhancedParts = (mix: ContentMix): boolean =>
  mix.richText > 0 || mix.image > 0 || mix.reaction > 0 || mix.reply > 0 || mix.edit > 0 || mix.delete > 0 || mix.expiry > 0 || mix.custom > 0;

/**
 * One message as the user composes it: the basic text `body` (which carries the canary) and the
 * enhanced parts drawn from `rng` (the conversation's own `workload/content/...` stream), each kind by
 * its share. Replies, reactions, edits and deletes refer to `earlier`, a message sent before in the
 * same conversation; without one they are not drawn. A message edits or deletes, never both.
 */
export function drawMessage(id: string, body: string, rng: RandomStream, mix: ContentMix, earlier: string | undefined): Message {
  if (!hasEnhancedParts(mix)) return compose(id, body);
  const parts: Part[] = [];
  const draw = (p: number): boolean => p > 0 && rng.chance(p);
  if (draw(mix.richText)) parts.push(richText('markdown', `**${body.slice(0, 24)}**`));
  if (draw(mix.image)) {
    const [w, h] = rng.pick(SIDES);
    parts.push(image({ mediaType: rng.pick(mix.images.mediaTypes), width: w, height: h, byteSize: rng.int(mix.images.minBytes, mix.images.maxBytes) }));
  }
  const target = earlier !== undefined && earlier !== id ? earlier : undefined;
  if (draw(mix.reaction) && target !== undefined) parts.push(reaction(rng.pick(EMOJI), target));
  if (draw(mix.reply) && target !== undefined) parts.push(reply(target, 're'));
  const edits = draw(mix.edit) && target !== undefined;
  if (edits) parts.push(edit(target, body.slice(0, 32)));
  if (draw(mix.delete) && target !== undefined && !edits) parts.push(deletion(target));
  if (draw(mix.expiry)) parts.push(expiry(rng.pick([60, 3600, 86_400]), rng.chance(0.5) ? 'read' : 'send'));
  if (draw(mix.custom)) parts.push(custom(rng.pick(mix.customTypes), rng.bytes(rng.int(16, 256))));
  return compose(id, body, parts);
}
