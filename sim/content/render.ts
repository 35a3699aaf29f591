import { supports, type ContentCapabilities } from './capabilities.ts';
import { decodeMessage } from './contentCodec.ts';
import { DecodeError } from './decodeError.ts';
import { fallbackText } from './describePart.ts';
import { basicText, type Message } from './message.ts';
import type { Part } from './part.ts';

export type UnreadableReason = 'malformed' | 'nothing-renderable';

/**
 * What one recipient makes of one message. `rendered` are the parts shown natively; `lost` those it
 * could not render; `text` is what a fallback shows: the basic text, then one line per lost part.
 */
export type RenderOutcome =
  | { readonly kind: 'full'; readonly rendered: readonly Part[] }
  | { readonly kind: 'fallback'; readonly rendered: readonly Part[]; readonly lost: readonly Part[]; readonly text: string }
  | { readonly kind: 'unreadable'; readonly reason: UnreadableReason; readonly detail: string; readonly lost: readonly Part[] };

export function render(m: Message, caps: ContentCapabilities): RenderOutcome {
  const rendered = m.parts.filter((p) => supports(caps, p));
  const lost = m.parts.filter((p) => !supports(caps, p));
  if (lost.length === 0) return { kind: 'full', rendered };
  if (rendered.length === 0) {
    const kinds = [...new Set(lost.map((p) => p.kind))].join(', ');
    return { kind: 'unreadable', reason: 'nothing-renderable', detail: `no basic text part and no supported part (${kinds})`, lost };
  }
  return { kind: 'fallback', rendered, lost, text: fallbackText(basicText(m)?.text, lost) };
}

/** Decodes the application data and renders it; bytes that do not decode are `unreadable: malformed`. */
export function renderBytes(bytes: Uint8Array, caps: ContentCapabilities): RenderOutcome {
  let m: Message;
  try {
    m = decodeMessage(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return { kind: 'unreadable', reason: 'malformed', detail: e.message, lost: [] };
    throw e;
  }
  return render(m, caps);
}
