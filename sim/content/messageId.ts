import { requireString } from './check.ts';

/** A message's identifier, as edits, deletes, replies and reactions refer to it (e.g. "m12"). */
export type MessageId = string & { readonly __brand: 'MessageId' };

export const MAX_MESSAGE_ID_LENGTH = 128;

export function messageId(value: unknown, field = 'id'): MessageId {
  const v = requireString(value, field);
  if (v.length === 0) throw new RangeError(`${field}: empty`);
  if (v.length > MAX_MESSAGE_ID_LENGTH) throw new RangeError(`${field}: at most ${MAX_MESSAGE_ID_LENGTH} characters, got ${v.length}`);
  return v as MessageId;
}
