import { requireArray, requireRecord } from './check.ts';
import { messageId, type MessageId } from './messageId.ts';
import { parsePart, text, type Part, type TextPart } from './part.ts';

/**
 * One application message: its id and its parts, in display order. A compliant sender always includes
 * exactly one basic text part (`compose` does); a message without one models a non-compliant or
 * legacy sender (a bare reaction, say) and may be unreadable to some clients.
 */
export interface Message {
  readonly id: MessageId;
  readonly parts: readonly Part[];
}

export const MAX_PARTS = 64;
/** Kinds a message may hold at most once: one message is one reaction, reply, edit or delete. */
const AT_MOST_ONCE = new Set<Part['kind']>(['text', 'reaction', 'reply', 'edit', 'delete', 'expiry']);

/** Validates any value as a message: `{ id, parts }`. */
export function parseMessage(value: unknown, field = 'message'): Message {
  const r = requireRecord(value, field);
  for (const key of Object.keys(r)) if (key !== 'id' && key !== 'parts') throw new RangeError(`${field}.${key}: unknown field`);
  const id = messageId(r.id, `${field}.id`);
  const raw = requireArray(r.parts, `${field}.parts`);
  if (raw.length === 0) throw new RangeError(`${field}.parts: empty`);
  if (raw.length > MAX_PARTS) throw new RangeError(`${field}.parts: at most ${MAX_PARTS} parts, got ${raw.length}`);
  const parts = raw.map((p, i) => parsePart(p, `${field}.parts[${i}]`));
  const first = new Map<Part['kind'], number>();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const seen = first.get(p.kind);
    if (seen !== undefined && AT_MOST_ONCE.has(p.kind)) throw new RangeError(`${field}.parts[${i}]: a message holds at most one ${p.kind} part (another at parts[${seen}])`);
    if (seen === undefined) first.set(p.kind, i);
    if ('target' in p && p.target === id) throw new RangeError(`${field}.parts[${i}].target: a message cannot refer to itself (${id})`);
  }
  if (first.has('edit') && first.has('delete')) throw new RangeError(`${field}.parts: a message cannot both edit and delete`);
  return { id, parts };
}

export const message = (id: string, parts: readonly Part[]): Message => parseMessage({ id, parts });

/** A compliant message: the basic text `body` first, then the enhanced parts. */
export function compose(id: string, body: string, enhanced: readonly Part[] = []): Message {
  const basic = text(body);
  // The basic text part alone (most messages): what parseMessage would return, with its checks of the id
  // (a validated text part passes the rest); enhanced parts go through the whole validation.
  if (enhanced.length === 0) return { id: messageId(id, 'message.id'), parts: [basic] };
  return message(id, [basic, ...enhanced]);
}

export const basicText = (m: Message): TextPart | undefined => m.parts.find((p): p is TextPart => p.kind === 'text');
export const enhancedParts = (m: Message): readonly Part[] => m.parts.filter((p) => p.kind !== 'text');

/**
 * The parts the sender meant the recipient to get, the unit of feature fidelity: the enhanced parts,
 * or the basic text part alone when there are none (a plain text message).
 */
export function intendedParts(m: Message): readonly Part[] {
  const enhanced = enhancedParts(m);
  return enhanced.length > 0 ? enhanced : m.parts;
}
