import type { Part } from './part.ts';

/**
 * The one-line textual rendering of a part, what a client shows in place of a part it cannot render
 * (every part's header fields are readable without the capability to render its payload).
 */
export function describePart(p: Part): string {
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'rich-text':
      return `[rich text ${p.format}, ${p.source.length} chars]`;
    case 'image':
      return `[image ${p.width}x${p.height} ${p.mediaType}]`;
    case 'reaction':
      return `[reaction ${p.emoji} to ${p.target}]`;
    case 'reply':
      return `[reply to ${p.target}] ${p.text}`;
    case 'edit':
      return `[edit of ${p.target}] ${p.text}`;
    case 'delete':
      return `[delete ${p.target}]`;
    case 'expiry':
      return `[disappears ${p.seconds} s after ${p.start}]`;
    case 'custom':
      return `[${p.mediaType}, ${p.data.length} bytes]`;
    default: {
      const never: never = p;
      throw new Error(`unhandled part ${JSON.stringify(never)}`);
    }
  }
}

/** The basic text and the descriptions of the given parts, one per line, empty pieces left out. */
export function fallbackText(basic: string | undefined, lost: readonly Part[]): string {
  return [basic ?? '', ...lost.map(describePart)].filter((s) => s.length > 0).join('\n');
}
