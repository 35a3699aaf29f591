import { supports, type ContentCapabilities } from './capabilities.ts';
import { fallbackText } from './describePart.ts';
import { basicText, type Message } from './message.ts';
import { MAX_TEXT_LENGTH, type Part, type TextPart } from './part.ts';

export interface DroppedPart {
  readonly part: Part;
  /** Indices of the members that could have rendered it. */
  readonly supportedBy: readonly number[];
}

export interface RepresentationChoice {
  /** What to send: the parts every member renders, the rest described in the basic text part. */
  readonly message: Message;
  readonly dropped: readonly DroppedPart[];
  /** The lowest common denominator cost something: a dropped part some member could have rendered. */
  readonly lcdHit: boolean;
  /**
   * Members that will hold the message past its disappearing timer: all of them if the timer was
   * dropped, else those that do not honor expiry. Empty when the message has no timer.
   */
  readonly expiryNotHonored: readonly number[];
}

function clamp(s: string): string {
  if (s.length <= MAX_TEXT_LENGTH) return s;
  let cut = s.slice(0, MAX_TEXT_LENGTH - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function supportedByAll(members: readonly ContentCapabilities[], part: Part): boolean {
  let last: ContentCapabilities | undefined;
  for (const c of members) {
    if (c === last) continue;
    if (!supports(c, part)) return false;
    last = c;
  }
  return true;
}

/**
 * The lowest-common-denominator representation of `m` for a group. An MLS application message is
 * encrypted once for the whole group, so one representation reaches every member: each part every
 * member supports is kept as is; every other part is dropped and described in the basic text part
 * (added first if `m` had none). With nothing to drop, `m` itself is returned.
 */
export function chooseRepresentation(m: Message, members: readonly ContentCapabilities[]): RepresentationChoice {
  if (members.length === 0) throw new RangeError('members: empty');
  const dropped: DroppedPart[] = [];
  for (const part of m.parts) {
    // Once per send, over every member: members of one client version share one capabilities object,
    // so a run of the same object is asked once, and the index list is built only for a part dropped.
    if (supportedByAll(members, part)) continue;
    const supportedBy: number[] = [];
    for (let i = 0; i < members.length; i++) if (supports(members[i]!, part)) supportedBy.push(i);
    dropped.push({ part, supportedBy });
  }
  const timer = m.parts.some((p) => p.kind === 'expiry');
  const timerDropped = dropped.some((d) => d.part.kind === 'expiry');
  const expiryNotHonored = !timer ? [] : members.flatMap((c, i) => (timerDropped || !c.honorsExpiry ? [i] : []));
  if (dropped.length === 0) return { message: m, dropped, lcdHit: false, expiryNotHonored };

  const lost = dropped.map((d) => d.part);
  const basic: TextPart = { kind: 'text', text: clamp(fallbackText(basicText(m)?.text, lost)) };
  const kept = m.parts.filter((p) => !lost.includes(p)).map((p) => (p.kind === 'text' ? basic : p));
  const parts = kept.some((p) => p.kind === 'text') ? kept : [basic, ...kept];
  return {
    message: { id: m.id, parts },
    dropped,
    lcdHit: dropped.some((d) => d.supportedBy.length > 0),
    expiryNotHonored,
  };
}
