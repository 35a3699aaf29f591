import type { Brand } from '../core/index.ts';
import { describe, requireString } from './quote.ts';

/** A user name without a provider part (`alice`): unique within one provider, colliding across them. */
export type Handle = Brand<string, 'Handle'>;
/** The user part of a hierarchical address (`alice` in `alice@provA`). */
export type LocalPart = Brand<string, 'LocalPart'>;

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function name(s: unknown, field: string): string {
  const v = requireString(s, field);
  if (v.length === 0) throw new RangeError(`${field}: empty`);
  if (v.length > 64) throw new RangeError(`${field}: at most 64 characters, got ${v.length}`);
  if (!NAME.test(v)) throw new RangeError(`${field}: expected letters, digits, '.', '_' or '-', got ${describe(v)}`);
  return v;
}

export const parseHandle = (s: unknown): Handle => name(s, 'handle') as Handle;
export const parseLocalPart = (s: unknown): LocalPart => name(s, 'user') as LocalPart;
